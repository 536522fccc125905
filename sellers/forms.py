"""Server-rendered forms of the seller portal and the review queue.

They only collect input; the services validate it (NIB, village, uploads by
content...) and their field errors are put back on the form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.held_files import HeldFilesMixin
from shop.text import TextGuardFormMixin

from .models import LocationChecklist, Seller, SellerDocument, SellerMember, Zone


def _zone_choices():
    choices = [("", _("— belum dipilih —"))]
    for zone in Zone.objects.select_related("regency").order_by("regency_id", "name"):
        choices.append(
            (str(zone.pk), f"{zone.regency.short_name} — {zone.name} ({zone.commodity})")
        )
    return choices


class SellerForm(HeldFilesMixin, TextGuardFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama lembaga"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Jenis lembaga"),
        choices=Seller.Kind.choices,
        help_text=_(
            "BUMDes hanya di desa (bukan kelurahan). UMKM diterima sebagai kelompok usaha yang "
            "dibentuk masyarakat. Koperasi Desa Merah Putih di kelurahan tercatat sebagai "
            "Koperasi Kelurahan Merah Putih."
        ),
    )
    village_code = forms.CharField(
        label=_("Kode desa/kelurahan"),
        max_length=13,
        help_text=_("Kode Kemendagri, contoh 53.07.01.2001 (lihat kantor desa)."),
    )
    zone = forms.ChoiceField(label=_("Zona OVOP"), required=False)
    nib = forms.CharField(label=_("NIB"), max_length=20, help_text=_("13 digit dari OSS."))
    npwp = forms.CharField(label=_("NPWP"), max_length=25, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=20)
    email = forms.CharField(label=_("E-mail"), max_length=254)
    address = forms.CharField(
        label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    description = forms.CharField(
        label=_("Deskripsi singkat"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    story = forms.CharField(
        label=_("Cerita desa"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Ditampilkan di halaman publik lembaga."),
    )
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    bank_account_number = forms.CharField(label=_("Nomor rekening"), max_length=30, required=False)
    bank_account_holder = forms.CharField(
        label=_("Nama pemilik rekening"), max_length=150, required=False
    )
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("JPEG atau PNG, paling besar 5 MB.")
    )

    IDENTITY = ("name", "kind", "village_code", "zone", "nib", "npwp")

    def __init__(self, *args, identity_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = _zone_choices()
        self.fields["logo"].widget.attrs["accept"] = "image/jpeg,image/png"
        for name in ("phone",):
            self.fields[name].widget.attrs["inputmode"] = "tel"
        self.fields["email"].widget.attrs["inputmode"] = "email"
        if identity_locked:
            for name in self.IDENTITY:
                self.fields[name].disabled = True
                self.fields[name].required = False

    @staticmethod
    def initial_for(seller: Seller) -> dict:
        return {
            "name": seller.name,
            "kind": seller.kind,
            "village_code": seller.village_id,
            "zone": str(seller.zone_id or ""),
            "nib": seller.nib,
            "npwp": seller.npwp,
            "phone": seller.phone,
            "email": seller.email,
            "address": seller.address,
            "description": seller.description,
            "story": seller.story,
            "bank_name": seller.bank_name,
            "bank_account_number": seller.bank_account_number,
            "bank_account_holder": seller.bank_account_holder,
        }

    def service_data(self) -> dict:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled
        }
        if "zone" in data:
            data["zone"] = int(data["zone"]) if data["zone"] else None
        if not data.get("logo"):
            data.pop("logo", None)
        return data


class DocumentForm(TextGuardFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=SellerDocument.Kind.choices)
    file = forms.FileField(label=_("Berkas"), help_text=_("PDF, JPEG atau PNG, paling besar 5 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"


class InviteForm(TextGuardFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Peran"), choices=SellerMember.Role.choices)


class ReviewForm(TextGuardFormMixin, forms.Form):
    DECISIONS = (
        ("APPROVE", _("Setujui / aktifkan")),
        ("REJECT", _("Tolak (kembalikan untuk diperbaiki)")),
        ("SUSPEND", _("Bekukan")),
    )
    decision = forms.ChoiceField(label=_("Keputusan"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Catatan / alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Wajib untuk menolak atau membekukan; dibaca oleh lembaga."),
    )
    checklist_notes = forms.CharField(
        label=_("Catatan daftar periksa"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, decisions: tuple[str, ...] | None = None, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["decision"].choices = [c for c in self.DECISIONS if c[0] in decisions]
        items = {}
        for item in LocationChecklist.ITEMS:
            items[item] = forms.BooleanField(
                label=LocationChecklist._meta.get_field(item).verbose_name, required=False
            )
        if kind == "UMKM":
            items["umkm_community_group"] = forms.BooleanField(
                label=LocationChecklist._meta.get_field("umkm_community_group").verbose_name,
                required=False,
            )
        self.fields = {**items, **self.fields}

    def checklist(self) -> dict:
        data = {
            item: self.cleaned_data[item]
            for item in (*LocationChecklist.ITEMS, "umkm_community_group")
            if item in self.cleaned_data
        }
        data["notes"] = self.cleaned_data["checklist_notes"]
        return data
