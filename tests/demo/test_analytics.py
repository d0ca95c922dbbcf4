"""The demo's analytics: months of daily view rows and paid orders, so the dashboards show
something; a second load adds nothing and the nightly rollup leaves them alone."""

import pytest

from accounts.models import User
from demo.loader import read
from demo.loader.analytics import load_analytics
from learning.analytics.models import CourseViewDay
from learning.analytics.services import rollup_pending, school_report
from learning.payments.models import Order

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def test_the_demo_has_views_and_orders_for_the_dashboards(demo):
    data = read("analytics")
    assert set(CourseViewDay.objects.values_list("course__slug", flat=True)) == set(data["views"])
    days = CourseViewDay.objects.values("day").distinct().count()
    assert days == data["months"] * 30 + 1
    orders = Order.objects.filter(checkout_id__startswith="demo-analytics-")
    assert orders.count() == len(data["orders"])
    assert orders.filter(status=Order.Status.REFUNDED).count() == 1
    before = CourseViewDay.objects.count()
    assert load_analytics(data) == {"view_days": 0, "orders": 0}
    rollup_pending()  # the demo's days count as pruned: the rollup keeps them
    assert CourseViewDay.objects.count() == before
    report = school_report(User.objects.get(email="admin@ustat.test"))
    charts = {c.key: c for c in report.charts}
    assert not charts["revenue-RUB"].empty and not charts["revenue-USD"].empty
