"""Real Kemendagri village codes the tests use (loaded by the migrations), and the
location checklist answered yes on every Pergub II.4 item."""

from sellers.models import LocationChecklist

SIKKA_VILLAGE = "53.07.01.2001"  # Masabewa, Paga, Kabupaten Sikka
BELU_VILLAGE = "53.04.01.2001"  # Kewar, Lamaknen, Kabupaten Belu
KUPANG_VILLAGE = "53.71.01.1001"  # Namosain, Kota Kupang
NITA = "53.07.04.2001"  # Desa Nita, Kec. Nita, Kab. Sikka
NITAKLOANG = "53.07.04.2005"
TAKAPLAGER = "53.07.04.2002"
FATUMNASI = "53.02.12.2004"  # Kab. Timor Tengah Selatan
NENAS = "53.02.12.2001"

ALL_YES = dict.fromkeys(LocationChecklist.ITEMS, True)
