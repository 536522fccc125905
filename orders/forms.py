from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import StockLocation
from sellers.selectors import district_list, regency_list, village_list
from shop.money import MoneyField
from shop.text import TextGuardFormMixin

from .gateways import gateways_enabled
from .models import Payment, ShippingMethod
from .services.checkout import AddressInput


class AddressForm(TextGuardFormMixin, forms.Form):
    """Where a parcel goes: an NTT desa from the kabupaten -> kecamatan -> desa picker, or
    a city and province elsewhere. Shared by the checkout and the address book."""

    name = forms.CharField(label=_("Nama penerima"), max_length=150)
    phone = forms.CharField(
        label=_("Nomor HP"), max_length=20, help_text=_("Contoh: 0812 3456 7890")
    )
    street = forms.CharField(label=_("Alamat (jalan, nomor, RT/RW)"), max_length=255)
    outside_ntt = forms.BooleanField(label=_("Alamat di luar NTT"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    village = forms.ChoiceField(label=_("Desa/kelurahan"), required=False)
    city = forms.CharField(label=_("Kota/kabupaten (luar NTT)"), max_length=120, required=False)
    province = forms.CharField(label=_("Provinsi (luar NTT)"), max_length=120, required=False)
    postal_code = forms.CharField(label=_("Kode pos"), max_length=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data or self.initial
        blank = [("", "—")]
        self.fields["regency"].choices = blank + [(r.code, r.name) for r in regency_list()]
        regency = data.get("regency") or ""
        district = data.get("district") or ""
        self.fields["district"].choices = blank + (
            [(d.code, d.name) for d in district_list(regency_code=regency)] if regency else []
        )
        self.fields["village"].choices = blank + (
            [(v.code, v.name) for v in village_list(district_code=district)]
            if district.startswith(regency + ".") and regency
            else []
        )

    def address_input(self) -> AddressInput:
        d = self.cleaned_data
        outside = d.get("outside_ntt")
        return AddressInput(
            name=d.get("name", ""),
            phone=d.get("phone", ""),
            street=d.get("street", ""),
            village_code="" if outside else d.get("village", ""),
            city=d.get("city", "") if outside else "",
            province=d.get("province", "") if outside else "",
            postal_code=d.get("postal_code", ""),
        )


def address_initial(address) -> dict:
    """Form values of a saved address or a checkout (``ship_*`` fields) for the picker."""
    prefix = "ship_" if hasattr(address, "ship_name") else ""
    village = getattr(address, prefix + "village")
    return {
        "name": getattr(address, prefix + "name"),
        "phone": getattr(address, prefix + "phone"),
        "street": getattr(address, prefix + "street"),
        "outside_ntt": bool(getattr(address, prefix + "city")),
        "regency": village.district.regency_id if village else "",
        "district": village.district_id if village else "",
        "village": village.code if village else "",
        "city": getattr(address, prefix + "city"),
        "province": getattr(address, prefix + "province"),
        "postal_code": getattr(address, prefix + "postal_code"),
    }


class BuyerAddressForm(AddressForm):
    """One address of the buyer's address book."""

    label = forms.CharField(label=_("Label (mis. Rumah, Kantor)"), max_length=60, required=False)
    is_default = forms.BooleanField(label=_("Jadikan alamat utama"), required=False)

    def text_fields(self):
        return [self[name] for name in ("label", "name", "phone", "street")]


class CheckoutForm(AddressForm):
    """Contact, address (NTT region picker or free text elsewhere), shipping and payment."""

    email = forms.EmailField(label=_("E-mail"))
    age_confirmed = forms.BooleanField(
        label=_("Saya berusia 21 tahun atau lebih (wajib untuk produk dengan batas usia)"),
        required=False,
    )
    gateway = forms.ChoiceField(label=_("Metode pembayaran"), widget=forms.RadioSelect)

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Payment.Gateway.choices)
        self.fields["gateway"].choices = [(g, labels.get(g, g)) for g in gateways_enabled()]
        self.parts = list(parts)
        for part in self.parts:
            self.fields[f"method_{part.seller.pk}"] = forms.ChoiceField(
                label=part.seller.name,
                widget=forms.RadioSelect,
                choices=[(o.method.pk, f"{o.method.name}") for o in part.methods],
                initial=part.selected.method.pk if part.selected else None,
            )

    def contact_fields(self):
        return [self[name] for name in ("email", "name", "phone", "street")]

    def address_ready(self) -> bool:
        """Enough to save the address: contact fields valid and a village or city+province."""
        if any(f in self.errors for f in ("email", "name", "phone", "street", "postal_code")):
            return False
        d = self.cleaned_data
        if d.get("outside_ntt"):
            return bool(d.get("city") and d.get("province"))
        return bool(d.get("village"))

    def method_fields(self):
        return [(part, self[f"method_{part.seller.pk}"]) for part in self.parts]


class FulfillForm(TextGuardFormMixin, forms.Form):
    tracking_number = forms.CharField(label=_("Nomor resi"), max_length=60, required=False)


class ShippingMethodForm(TextGuardFormMixin, forms.Form):
    """A lembaga's pickup point or courier tariff (rupiah; courier: first kg + each further kg)."""

    name = forms.CharField(label=_("Nama metode"), max_length=120)
    kind = forms.ChoiceField(label=_("Jenis"), choices=ShippingMethod.Kind.choices)
    outlet = forms.ModelChoiceField(
        label=_("Gerai NTT Mart"),
        queryset=StockLocation.objects.filter(kind=StockLocation.Kind.NTT_MART),
        required=False,
    )
    pickup_fee = MoneyField(label=_("Biaya ambil"), min_value=0, initial=0)
    same_regency_base = MoneyField(label=_("Kabupaten sama: kg pertama"), min_value=0, initial=0)
    same_regency_per_kg = MoneyField(
        label=_("Kabupaten sama: per kg berikutnya"), min_value=0, initial=0
    )
    ntt_base = MoneyField(label=_("Dalam NTT: kg pertama"), min_value=0, initial=0)
    ntt_per_kg = MoneyField(label=_("Dalam NTT: per kg berikutnya"), min_value=0, initial=0)
    outside_base = MoneyField(label=_("Luar NTT: kg pertama"), min_value=0, initial=0)
    outside_per_kg = MoneyField(label=_("Luar NTT: per kg berikutnya"), min_value=0, initial=0)
    ships_outside_ntt = forms.BooleanField(
        label=_("Kirim ke luar NTT"), required=False, initial=True
    )
    max_weight_grams = forms.IntegerField(
        label=_("Berat maksimum (gram)"), min_value=1, initial=30_000
    )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        outlet = data.pop("outlet", None)
        data["outlet_id"] = outlet.pk if outlet else None
        return data


class TransferProofForm(forms.Form):
    """The file input of a transfer receipt (its type is judged by the service, not here)."""

    file = forms.FileField(
        label=_("Bukti transfer (foto JPEG/PNG atau PDF, paling besar 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
