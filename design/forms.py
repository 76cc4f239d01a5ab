from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form rendering through the project's templates, with the design system's one
    field template (label, hint, error, control). Both projects set FORM_RENDERER to it."""

    field_template_name = "design/field.html"


def form_problems(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor, message) for each error of `form`, fields in the order the page shows them."""
    problems = [("", str(e)) for e in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                problems.append(("", str(error)))
                continue
            anchor = field.auto_id
            if field.use_fieldset:
                anchor = f"{field.auto_id}-field"
            problems.append((anchor, f"{field.label}: {error}" if field.label else str(error)))
    return problems


class PickerWidget(forms.CheckboxSelectMultiple):
    """Checkboxes with a search box above them, for choosing a few among many (the contacts of
    a lead): typing hides the names that do not match (portico.js), the chosen ones stay at the
    top and in sight. Without script it is a plain list of checkboxes."""

    template_name = "design/widgets/picker.html"

    def __init__(self, attrs=None, *, search_label: str = "Find", choices=()):
        super().__init__(attrs, choices)
        self.search_label = search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            o for _group, group_options, _i in context["widget"]["optgroups"] for o in group_options
        ]
        # chosen first, then the rest in their own order
        context["widget"]["options"] = sorted(options, key=lambda o: not o["selected"])
        context["widget"]["search_label"] = self.search_label
        return context
