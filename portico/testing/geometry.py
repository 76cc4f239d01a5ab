"""Where labels and controls sit on a rendered page, measured in the browser.

A label belongs with its own control when it sits directly above it (left edges together,
nothing but the field's own hint and error between them) or directly beside it (on the same
line, close by), with no other label or control between the two: that is how a reader pairs
them. Labels, controls and buttons never overlap one another.
"""

from __future__ import annotations

_MEASURE = r"""
() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const name = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${text.slice(0, 40)}"`;
  };
  const box = (el) => el.getBoundingClientRect();
  const overlap = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const controls = [...document.querySelectorAll(
    "input:not([type=hidden]), select, textarea"
  )].filter(shown);
  const labels = [...document.querySelectorAll("label")].filter(shown);
  const problems = [];
  let checked = 0;
  // Is any other label or control inside the rectangle spanning `a` and `b`?
  const between = (label, own, a, b) => {
    const area = {
      left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
      top: Math.min(a.bottom, b.bottom), bottom: Math.max(a.top, b.top),
    };
    if (area.bottom - area.top < 2) { // side by side: the horizontal gap between them
      area.top = Math.max(a.top, b.top); area.bottom = Math.min(a.bottom, b.bottom);
      area.left = Math.min(a.right, b.right); area.right = Math.max(a.left, b.left);
    }
    return [...labels, ...controls].find((el) =>
      el !== label && el !== own && !label.contains(el) && !el.contains(own) && overlap(box(el), area));
  };
  for (const label of labels) {
    const own = label.control;
    if (!own || !shown(own)) continue;
    checked += 1;
    if (label.contains(own)) continue;
    const l = box(label), c = box(own);
    const sameLine = Math.min(l.bottom, c.bottom) - Math.max(l.top, c.top) > 0;
    // Above: left edges together, and close enough that only a hint and an error fit between.
    const above = l.bottom <= c.top + 1 && Math.abs(l.left - c.left) <= 24 && c.top - l.bottom <= 160;
    const before = sameLine && l.right <= c.left + 1 && c.left - l.right <= 40;
    const after = sameLine && c.right <= l.left + 1 && l.left - c.right <= 40;
    if (!(above || before || after)) {
      problems.push(`${name(label)} is neither directly above nor beside its control ${name(own)}`);
      continue;
    }
    const intruder = between(label, own, l, c);
    if (intruder) {
      problems.push(`${name(intruder)} sits between ${name(label)} and its control ${name(own)}`);
    }
  }
  const things = [...labels, ...controls, ...[...document.querySelectorAll("button, .btn")].filter(shown)];
  for (let i = 0; i < things.length; i++) {
    for (let j = i + 1; j < things.length; j++) {
      const a = things[i], b = things[j];
      if (a.contains(b) || b.contains(a)) continue;
      if (overlap(box(a), box(b))) problems.push(`${name(a)} overlaps ${name(b)}`);
    }
  }
  return {checked, problems};
}
"""


def label_problems(page) -> tuple[int, list[str]]:
    """(labels checked, what is wrong) on `page` as it is now, with every <details> opened so
    the forms folded away in them are measured too."""
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    result = page.evaluate(_MEASURE)
    return result["checked"], result["problems"]


def sideways_overflow(page) -> str | None:
    """What sticks out past the right edge of the window, if anything does (WCAG 1.4.10)."""
    return page.evaluate(
        r"""() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          const culprits = [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1))
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}`);
          return `${document.documentElement.scrollWidth}px wide in a ${width}px window: ${culprits.join(", ")}`;
        }"""
    )
