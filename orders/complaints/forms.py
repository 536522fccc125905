from django import forms
from django.utils.translation import gettext_lazy as _

from shop.money import MoneyField
from shop.text import TextGuardFormMixin

from .models import Complaint, Reason, Remedy

PHOTO_HELP = _("JPEG, PNG atau WebP, paling banyak 3 foto.")


class ComplaintForm(TextGuardFormMixin, forms.Form):
    """The buyer's complaint: what is wrong, what they ask for, and up to three photos."""

    reason = forms.ChoiceField(
        label=_("Masalahnya"), choices=Reason.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Ceritakan masalahnya"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    remedy = forms.ChoiceField(
        label=_("Yang Anda minta"), choices=Remedy.choices, widget=forms.RadioSelect
    )
    amount = MoneyField(
        label=_("Jumlah pengembalian sebagian"),
        required=False,
        help_text=_("Hanya untuk pengembalian dana sebagian, contoh: Rp 150.000"),
    )
    photo_1 = forms.FileField(label=_("Foto 1"), required=False, help_text=PHOTO_HELP)
    photo_2 = forms.FileField(label=_("Foto 2"), required=False)
    photo_3 = forms.FileField(label=_("Foto 3"), required=False)

    def photos(self) -> list:
        return [f for f in (self.cleaned_data.get(f"photo_{n}") for n in (1, 2, 3)) if f]


class RespondForm(TextGuardFormMixin, forms.Form):
    """The lembaga's answer."""

    response = forms.ChoiceField(
        label=_("Jawaban"), choices=Complaint.Response.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Catatan (wajib jika menolak)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remedy = forms.ChoiceField(
        label=_("Penyelesaian yang ditawarkan"),
        choices=[("", "—"), *Remedy.choices],
        required=False,
    )
    amount = MoneyField(label=_("Jumlah yang ditawarkan"), required=False)


DECISIONS = [*Remedy.choices, ("REJECT", _("Tolak komplain"))]


class DecideForm(TextGuardFormMixin, forms.Form):
    """Staff's decision, with the units that come back (one field per order line)."""

    decision = forms.ChoiceField(label=_("Keputusan"), choices=DECISIONS, widget=forms.RadioSelect)
    amount = MoneyField(label=_("Jumlah pengembalian sebagian"), required=False)
    note = forms.CharField(
        label=_("Alasan keputusan"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"return_{line.pk}"] = forms.IntegerField(
                label=_("Unit kembali ke stok: %(product)s (dari %(n)s)")
                % {"product": line.product_name, "n": line.quantity},
                min_value=0,
                max_value=line.quantity,
                initial=0,
                required=False,
            )

    def returns(self) -> list[tuple[int, int]]:
        return [
            (line.pk, self.cleaned_data.get(f"return_{line.pk}") or 0)
            for line in self.lines
            if self.cleaned_data.get(f"return_{line.pk}")
        ]
