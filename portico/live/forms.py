from __future__ import annotations

from django import forms


class ActivityFilter(forms.Form):
    """Narrow the client activity feed to one client and/or one lead or case."""

    client = forms.TypedChoiceField(label="Client", required=False, coerce=str, empty_value=None)
    matter = forms.TypedChoiceField(
        label="Lead or case", required=False, coerce=str, empty_value=None
    )

    def __init__(self, data, *, clients: list, matters: list) -> None:
        super().__init__(data)
        self.fields["client"].choices = [("", "Every client")] + [(str(i), n) for i, n in clients]
        self.fields["matter"].choices = [("", "Every lead and case")] + [
            (str(i), n) for i, n in matters
        ]
        self.fields["client"].error_messages["invalid_choice"] = (
            "Choose a client from the list: that one is not a client of the firm with portal access."
        )
        self.fields["matter"].error_messages["invalid_choice"] = (
            "Choose a lead or case from the list: that one is not one of your clients' matters."
        )
