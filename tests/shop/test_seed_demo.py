import io

import pytest
from django.core.management import call_command

from shop.demo import DEMO_PASSWORD
from shop.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_deterministic_and_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = sorted(User.objects.values_list("email", flat=True))
    call_command("seed_demo", stdout=io.StringIO())
    assert sorted(User.objects.values_list("email", flat=True)) == first
    officer = User.objects.get(email="pmd@ovop.test")
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.has_perm("shop.review_sellers")
