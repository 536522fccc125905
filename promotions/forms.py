from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product
from sellers.models import Regency, Seller, Zone

from .models import Agency, AppliesTo, DiscountType, FundedBy


class CampaignForm(forms.Form):
    """Campaign staff's form; the service checks every rule (the form only parses)."""

    name = forms.CharField(label=_("Nama kampanye"), max_length=150)
    description = forms.CharField(label=_("Deskripsi"), widget=forms.Textarea, required=False)
    agency = forms.ChoiceField(label=_("Instansi"), choices=Agency.choices)
    starts_at = forms.DateTimeField(
        label=_("Mulai (WITA)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai (WITA)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    discount_type = forms.ChoiceField(label=_("Jenis potongan"), choices=DiscountType.choices)
    value = forms.IntegerField(label=_("Nilai (persen atau rupiah)"))
    applies_to = forms.ChoiceField(label=_("Berlaku untuk"), choices=AppliesTo.choices)
    min_subtotal = forms.IntegerField(label=_("Minimum belanja (Rp)"), required=False)
    funded_by = forms.ChoiceField(label=_("Didanai oleh"), choices=FundedBy.choices)
    funding_reference = forms.CharField(
        label=_("Rujukan pendanaan"),
        max_length=200,
        required=False,
        help_text=_("Tahun APBD / nomor DPA / nama mitra"),
    )
    budget = forms.IntegerField(
        label=_("Anggaran potongan (Rp)"), required=False, help_text=_("Kosong: tanpa batas")
    )
    per_customer_limit = forms.IntegerField(label=_("Batas pesanan per pembeli"), required=False)
    voucher_only = forms.BooleanField(label=_("Hanya dengan kode voucher"), required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("Kategori"), queryset=Category.objects.all(), required=False
    )
    regencies = forms.ModelMultipleChoiceField(
        label=_("Kabupaten/kota asal produk"), queryset=Regency.objects.all(), required=False
    )
    sellers = forms.ModelMultipleChoiceField(
        label=_("Lembaga"), queryset=Seller.objects.order_by("name"), required=False
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("Zona OVOP"), queryset=Zone.objects.order_by("name"), required=False
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Produk"),
        queryset=Product.objects.order_by("name"),
        required=False,
        help_text=_("Cakupan: setiap isian yang dipilih harus cocok; kosong semua = semua produk."),
    )
    draft = forms.BooleanField(label=_("Simpan sebagai draf"), required=False)
    banner = forms.FileField(label=_("Spanduk (JPEG, PNG, WebP)"), required=False)

    @staticmethod
    def initial_of(campaign) -> dict:
        """The form filled from ``campaign`` (times in WITA), scope included."""
        initial = {
            name: getattr(campaign, name)
            for name in (
                "name",
                "description",
                "agency",
                "discount_type",
                "value",
                "applies_to",
                "min_subtotal",
                "funded_by",
                "funding_reference",
                "budget",
                "per_customer_limit",
                "voucher_only",
            )
        }
        initial["starts_at"] = timezone.localtime(campaign.starts_at).strftime("%Y-%m-%dT%H:%M")
        initial["ends_at"] = timezone.localtime(campaign.ends_at).strftime("%Y-%m-%dT%H:%M")
        initial["draft"] = campaign.is_draft
        for name in ("categories", "regencies", "sellers", "zones", "products"):
            initial[name] = list(getattr(campaign, name).values_list("pk", flat=True))
        return initial


class VouchersForm(forms.Form):
    count = forms.IntegerField(label=_("Jumlah kode"), initial=10)
    usage_limit = forms.IntegerField(label=_("Batas pemakaian per kode"), required=False)
    per_customer_limit = forms.IntegerField(label=_("Batas per pembeli"), required=False)
    first_order_only = forms.BooleanField(label=_("Hanya pesanan pertama"), required=False)


class AsnProfileForm(forms.Form):
    """A buyer's NIP and agency; the service checks the NIP and the consent."""

    nip = forms.CharField(
        label=_("NIP (18 angka)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    agency = forms.CharField(label=_("Instansi"), max_length=200)
    consent = forms.BooleanField(
        label=_(
            "Saya setuju NIP dan instansi saya dicatat untuk laporan partisipasi ASN "
            "dalam kampanye Beli Produk NTT. Saya dapat menghapusnya kapan saja."
        ),
        required=False,
    )
