"""The homework list in the admin says "Yes"/"No", never a raw "False"."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "label"), [("0", "Нет"), ("1", "Да")])
def test_the_final_test_filter_reads_as_words(client, admin_user, homework, value, label):
    client.force_login(admin_user)
    response = client.get("/admin/homework/", {"is_final_test": value})
    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "False" not in text and "True" not in text
    assert f"Итоговый тест: {label}" in text or f"Итоговый тест {label}" in text
    listed = homework.title in html
    assert listed is (value == "0")  # the factory's homework is not a final test
