from django import forms
from django.utils.translation import gettext_lazy as _

from shop.held_files import HeldFilesMixin
from shop.money import MoneyField
from shop.text import TextGuardFormMixin

from .models import (
    Category,
    CertificateType,
    OvopCriterion,
    Product,
    ProductAssessment,
    StockMovement,
)


class ProductForm(TextGuardFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama produk"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.select_related("parent")
    )
    description = forms.CharField(label=_("Deskripsi"), widget=forms.Textarea, required=False)
    origin_village_code = forms.CharField(
        label=_("Kode desa asal"),
        required=False,
        help_text=_("Kode Kemendagri, mis. 53.07.01.2001; kosong = desa lembaga."),
    )
    buffer_village_codes = forms.CharField(
        label=_("Desa penyangga"),
        required=False,
        help_text=_("Kode desa dipisah koma."),
    )
    raw_material = forms.CharField(label=_("Bahan baku"), required=False, max_length=255)
    technique = forms.CharField(label=_("Teknik"), required=False, max_length=255)
    motif = forms.CharField(label=_("Motif"), required=False, max_length=255)
    is_halal = forms.TypedChoiceField(
        label=_("Kehalalan"),
        choices=[
            ("", _("Tidak berlaku")),
            ("1", _("Halal (pernyataan lembaga; sertifikat diunggah terpisah)")),
            ("0", _("Tidak halal")),
        ],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    non_halal_statement = forms.CharField(
        label=_("Pernyataan tidak halal"), required=False, max_length=255
    )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        codes = data.pop("buffer_village_codes") or ""
        data["buffer_village_codes"] = [c.strip() for c in codes.split(",") if c.strip()]
        return data

    @classmethod
    def initial_for(cls, product: Product) -> dict:
        return {
            "name": product.name,
            "category": product.category_id,
            "description": product.description,
            "origin_village_code": product.origin_village_id,
            "buffer_village_codes": ", ".join(v.code for v in product.buffer_villages.all()),
            "raw_material": product.raw_material,
            "technique": product.technique,
            "motif": product.motif,
            "is_halal": {None: "", True: "1", False: "0"}[product.is_halal],
            "non_halal_statement": product.non_halal_statement,
        }


class VariantForm(TextGuardFormMixin, forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=64)
    name = forms.CharField(label=_("Nama varian"), max_length=120, required=False)
    price = MoneyField(label=_("Harga (Rp)"), min_value=0)
    weight_grams = forms.IntegerField(label=_("Berat (gram)"), required=False)


class VariantUpdateForm(TextGuardFormMixin, forms.Form):
    variant = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nama varian"), max_length=120, required=False)
    price = MoneyField(label=_("Harga (Rp)"), min_value=0)
    weight_grams = forms.IntegerField(label=_("Berat (gram)"), required=False)


class MediaForm(HeldFilesMixin, TextGuardFormMixin, forms.Form):
    image = forms.FileField(label=_("Gambar (JPEG, PNG, WebP)"))
    alt = forms.CharField(label=_("Teks alternatif"), max_length=255, required=False)


class CertificateForm(HeldFilesMixin, TextGuardFormMixin, forms.Form):
    # A product carries every type but NIB (the lembaga's) and BPOM ML (imported food).
    type = forms.ChoiceField(
        label=_("Jenis"),
        choices=[("", _("— pilih jenis —"))]
        + [
            (t.value, t.label)
            for t in CertificateType
            if t not in (CertificateType.NIB, CertificateType.BPOM_ML)
        ],
    )
    number = forms.CharField(label=_("Nomor"), max_length=64)
    issuer = forms.CharField(label=_("Penerbit"), max_length=150, required=False)
    issued_at = forms.DateField(
        label=_("Tanggal terbit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_at = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "P-IRT: tahun berlaku dibaca dari dua digit terakhir nomornya; tanggal ini hanya "
            "memastikannya (kosong: ulang tanggal terbit pada tahun itu, atau 31 Desember)."
        ),
    )
    document = forms.FileField(label=_("Pindaian dokumen"), required=False)


class SellerCertificateForm(CertificateForm):
    type = forms.ChoiceField(
        label=_("Jenis"),
        choices=[("", _("— pilih jenis —"))]
        + [
            (t.value, t.label)
            for t in (
                CertificateType.NIB,
                CertificateType.HKI_MEREK,
                CertificateType.INDIKASI_GEOGRAFIS,
            )
        ],
    )


class StockForm(TextGuardFormMixin, forms.Form):
    variant = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Jumlah"))
    reason = forms.ChoiceField(
        label=_("Alasan"),
        choices=[
            (StockMovement.Reason.COUNT, StockMovement.Reason.COUNT.label),
            (StockMovement.Reason.RECEIVED, StockMovement.Reason.RECEIVED.label),
            (StockMovement.Reason.CORRECTION, StockMovement.Reason.CORRECTION.label),
            (StockMovement.Reason.DAMAGED, StockMovement.Reason.DAMAGED.label),
        ],
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class ReviewForm(TextGuardFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("APPROVE", _("Setujui")), ("REJECT", _("Tolak"))])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=1000)


class DesignationForm(TextGuardFormMixin, forms.Form):
    """Programme staff's record of the II.3 criteria a-d and their decision on a candidate.

    Each criterion's evidence field is named after the criterion (``raw_material_local``)
    so a service error on it lands on that field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in OvopCriterion:
            self.fields[f"{criterion.value}_met"] = forms.BooleanField(
                label=_("%(label)s: terpenuhi") % {"label": criterion.label}, required=False
            )
            self.fields[criterion.value] = forms.CharField(
                label=_("Bukti"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{criterion.value}_note"] = forms.CharField(
                label=_("Catatan"), required=False, max_length=1000
            )
        self.fields["decision"] = forms.ChoiceField(
            label=_("Keputusan"),
            choices=ProductAssessment.Decision.choices,
            widget=forms.RadioSelect,
        )
        self.fields["decree_number"] = forms.CharField(
            label=_("Nomor SK penetapan"), required=False, max_length=100
        )
        self.fields["decree_date"] = forms.DateField(
            label=_("Tanggal SK penetapan"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["decree_issuer"] = forms.CharField(
            label=_("Penerbit SK"), required=False, max_length=200
        )
        self.fields["note"] = forms.CharField(
            label=_("Catatan keputusan (wajib bila tidak ditetapkan)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def criteria_rows(self):
        """(label, met field, evidence field, note field) for the template, a to d."""
        return [
            (c.label, self[f"{c.value}_met"], self[c.value], self[f"{c.value}_note"])
            for c in OvopCriterion
        ]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "criteria": {
                c.value: {
                    "met": data[f"{c.value}_met"],
                    "evidence": data[c.value],
                    "note": data[f"{c.value}_note"],
                }
                for c in OvopCriterion
            },
            "decision": data["decision"],
            "decree_number": data["decree_number"],
            "decree_date": data["decree_date"],
            "decree_issuer": data["decree_issuer"],
            "note": data["note"],
        }
