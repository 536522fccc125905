"""Demo product pictures read as their product (issue #16): a pattern, a colour and a
large label per category family, still drawn by Pillow and still small."""

import io

import pytest
from PIL import Image

from catalog.demo import PRODUCTS
from catalog.demo_pictures import LOOKS, demo_picture, look_for


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("tenun-ikat", "TENUN"),
        ("kopi-bubuk-sangrai", "KOPI"),
        ("madu", "MADU"),
        ("garam", "GARAM"),
        ("rumput-laut", "RUMPUT LAUT"),
        ("ikan-olahan", "IKAN"),
        ("teh-dan-serbuk-herbal", "HERBAL"),
        ("obat-tradisional", "HERBAL"),
        ("kemiri-dan-hhbk-lain", "KEMIRI"),
        ("daging-olahan", "SE'I"),
        ("sopi-moke", "MINUMAN"),
        ("bumbu-dan-saus", "BUMBU"),
        ("camilan-dan-kue", "CAMILAN"),
        ("pangan-olahan", "PANGAN"),
    ],
)
def test_each_demo_category_has_its_own_look(slug, label):
    assert look_for(slug).label == label


def test_every_demo_product_gets_a_small_square_jpeg_that_is_not_a_flat_block():
    sizes = []
    for spec in PRODUCTS:
        data = demo_picture(category_slug=spec["category"], name=spec["name"])
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == ("JPEG", (480, 480))
        # The pattern part (top 60%) has many colours, not one fill with a stripe.
        top = image.crop((0, 0, 480, 280)).convert("P", palette=Image.Palette.ADAPTIVE)
        assert len(top.getcolors()) >= 8, spec["category"]
        sizes.append(len(data))
        assert data == demo_picture(category_slug=spec["category"], name=spec["name"])
    assert max(sizes) < 60_000


def test_the_label_band_is_dark_with_large_white_letters():
    image = Image.open(io.BytesIO(demo_picture(category_slug="madu", name="Madu Hutan")))
    band = image.crop((0, 310, 480, 400)).convert("L")
    light = sum(1 for value in band.get_flattened_data() if value > 200)
    # "MADU" at 80 px: thousands of white pixels, not a dozen of a 10 px default font.
    assert light > 3_000
    assert len({look.background for look in LOOKS.values()}) == len(LOOKS) - 1  # camilan=pangan
