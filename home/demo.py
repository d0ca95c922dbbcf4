"""Demo content of the home app that load_demo_data builds: the feedback form."""

from home.models import FormField, FormPage, HomePage

FEEDBACK_SLUG = "feedback"

# clean_name, label, field_type, required, choices
FEEDBACK_FIELDS = [
    ("name", "Имя", "singleline", True, ""),
    ("email", "E-mail", "email", True, ""),
    (
        "topic",
        "Тема",
        "dropdown",
        False,
        "Вопрос о курсе\nСтать репетитором\nТехнический вопрос\nДругое",
    ),
    ("message", "Сообщение", "multiline", True, ""),
]


def load_feedback_demo(home: HomePage) -> FormPage:
    """The published Russian "Обратная связь" form under `home`; made once, found after that.

    Its "to address" is empty, so submissions go to the site's contact e-mail. The fields get
    ASCII names (Wagtail would derive "u0418u043cu044f" from "Имя"), which keeps the stored
    data and the CSV export readable.
    """
    existing = FormPage.objects.child_of(home).filter(slug=FEEDBACK_SLUG).first()
    if existing is not None:
        return existing

    page = FormPage(
        title="Обратная связь",
        slug=FEEDBACK_SLUG,
        locale=home.locale,
        show_in_menus=True,
        intro=(
            "<p>Задайте вопрос о курсе, предложите себя в репетиторы или расскажите "
            "о проблеме на сайте — мы ответим на указанный e-mail.</p>"
        ),
        thank_you_text="<p>Спасибо! Мы получили ваше сообщение и скоро ответим.</p>",
        to_address="",
        subject="Обратная связь с сайта Ustat",
    )
    page.form_fields = [
        FormField(
            sort_order=index,
            clean_name=clean_name,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
        )
        for index, (clean_name, label, field_type, required, choices) in enumerate(FEEDBACK_FIELDS)
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
