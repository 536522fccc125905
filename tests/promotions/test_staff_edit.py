"""Campaign staff edit a campaign and its scope from the staff page (not only the API)."""

from django.utils import timezone

from promotions.models import Campaign
from shop.roles import Role
from tests.factories import ZoneFactory

from .factories import make_campaign


def _post(campaign: Campaign, **changes) -> dict:
    start = timezone.localtime(campaign.starts_at).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(campaign.ends_at).strftime("%Y-%m-%dT%H:%M")
    data = {
        "name": campaign.name,
        "agency": campaign.agency,
        "starts_at": start,
        "ends_at": end,
        "discount_type": campaign.discount_type,
        "value": campaign.value,
        "applies_to": campaign.applies_to,
        "funded_by": campaign.funded_by,
        "budget": campaign.budget or "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_edit_page_changes_the_scope(client, world, staff):
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=1_000_000)
    zone = ZoneFactory()
    client.force_login(staff)
    page = client.get(f"/staf/kampanye/{campaign.slug}/ubah/").content.decode()
    assert "Ubah kampanye" in page
    assert f'value="{world.tenun.product.pk}" selected' in page
    response = client.post(
        f"/staf/kampanye/{campaign.slug}/ubah/",
        _post(
            campaign,
            value=15,
            categories=[world.tenun.product.category_id],
            regencies=["53.07", "53.04"],
            sellers=[world.sikka.pk, world.belu.pk],
            zones=[zone.pk],
        ),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.value == 15
    assert list(campaign.products.all()) == []
    assert [c.pk for c in campaign.categories.all()] == [world.tenun.product.category_id]
    assert sorted(r.pk for r in campaign.regencies.all()) == ["53.04", "53.07"]
    assert sorted(s.pk for s in campaign.sellers.all()) == sorted([world.sikka.pk, world.belu.pk])
    assert [z.pk for z in campaign.zones.all()] == [zone.pk]
    assert campaign.budget == 1_000_000


def test_staff_edit_bad_input_changes_nothing(client, world, staff):
    campaign = make_campaign(products=[world.tenun.product], value=10)
    client.force_login(staff)
    start = timezone.localtime(campaign.starts_at).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        f"/staf/kampanye/{campaign.slug}/ubah/",
        _post(campaign, ends_at=start, value=101, regencies=["53.07"]),
    ).content.decode()
    assert "Akhir kampanye harus setelah awalnya." in page
    campaign.refresh_from_db()
    assert campaign.value == 10
    assert list(campaign.regencies.all()) == []
    assert [p.pk for p in campaign.products.all()] == [world.tenun.product.pk]


def test_staff_edit_publishes_a_draft(client, world, staff):
    campaign = make_campaign(products=[world.tenun.product], is_draft=True)
    client.force_login(staff)
    client.post(
        f"/staf/kampanye/{campaign.slug}/ubah/",
        _post(campaign, products=[world.tenun.product.pk]),
    )
    campaign.refresh_from_db()
    assert campaign.status == "ACTIVE"


def test_only_campaign_staff_edit(client, world, make_user):
    campaign = make_campaign(products=[world.tenun.product])
    client.force_login(make_user(Role.TIM_AHLI))
    assert client.get(f"/staf/kampanye/{campaign.slug}/ubah/").status_code == 403
    response = client.post(f"/staf/kampanye/{campaign.slug}/ubah/", _post(campaign, value=50))
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.value == 10
