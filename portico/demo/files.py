"""Files the demo puts on its matters, made here (no binary files in the repository)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def engagement_letter_pdf(client: str, matter: str) -> bytes:
    """A one-page PDF letter, written by hand: PDF's own text operators, Helvetica."""
    lines = [
        "Harbor & Vale LLP",
        "",
        f"Dear {client},",
        "",
        f"Thank you for choosing us to represent you in {matter}.",
        "This letter sets out the scope of our work, our fees and how we keep you informed.",
        "You can follow every step of the matter in your client portal.",
        "",
        "Alice Harbor, Partner",
    ]
    text = (
        "BT /F1 12 Tf 72 720 Td 16 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for line in lines
        )
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def floor_photo_jpeg() -> bytes:
    """A 'photo' of a warehouse floor: grey boards and a wet patch."""
    image = Image.new("RGB", (640, 480), (150, 148, 140))
    draw = ImageDraw.Draw(image)
    for y in range(0, 480, 40):
        draw.line([(0, y), (640, y)], fill=(120, 118, 110), width=3)
    draw.ellipse([(220, 200), (460, 330)], fill=(105, 120, 135))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
