"""Demo blog for `make run`: a Russian blog with six posts, and an English blog with one.

Called by the demo-data command once the home page and the demo people exist. Every page is
looked up by its slug (or as a translation) before it is made, so a second run adds nothing.
"""

from datetime import date, timedelta

from django.utils import timezone
from wagtail.models import Locale, Page

from accounts.models import User

from .models import BlogIndexPage, BlogPostPage

# A talk on learning a new skill in the first twenty hours; stored as a URL, and the page
# still renders (without the player) when the video site cannot be reached.
DEMO_VIDEO_URL = "https://www.youtube.com/watch?v=5MgBikgcWnY"

INDEX_RU = {
    "title": "Блог",
    "slug": "blog",
    "introduction": (
        "Заметки преподавателей Ustat о том, как учиться и учить: подготовка к экзаменам, "
        "работа с репетитором, память, языки и мотивация."
    ),
}

INDEX_EN = {
    "title": "Blog",
    "introduction": (
        "Notes from Ustat's teachers on learning and teaching: exams, tutors, memory, "
        "languages and motivation."
    ),
}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "size": "h2"}}


def _paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


POSTS_RU = [
    {
        "slug": "kak-podgotovitsya-k-ekzamenu",
        "title": "Как подготовиться к экзамену и не выгореть",
        "intro": (
            "План на последние шесть недель перед экзаменом: от списка тем до сна накануне. "
            "Без ночных марафонов и с запасом сил на сам экзамен."
        ),
        "tags": ["экзамены", "планирование"],
        "days_ago": 6,
        "body": [
            _paragraph(
                "<p>Начните с честной инвентаризации: выпишите все темы из программы экзамена "
                "и отметьте каждую одним из трёх цветов — «знаю», «знаю, но путаюсь», "
                "«не знаю». Уже через час у вас будет карта, по которой видно, где тратить "
                "время, а где достаточно короткого повторения.</p>"
            ),
            _heading("Неделя за неделей"),
            _paragraph(
                "<p>Разбейте оставшееся время на недели и назначьте каждой несколько тем из "
                "красной и жёлтой зон. Последнюю неделю оставьте свободной: она уйдёт на "
                "пробные варианты и на темы, которые всё-таки «поплыли». Решайте задания в "
                "формате экзамена и с таймером — так вы привыкнете к темпу и перестанете "
                "бояться бланка.</p>"
            ),
            _paragraph(
                "<p>Сон — часть подготовки, а не награда за неё. Во сне память закрепляет "
                "выученное за день, поэтому ночь без сна перед экзаменом отнимает больше, "
                "чем даёт. Накануне повторите только конспект-шпаргалку на одну страницу, "
                "соберите документы и ложитесь вовремя.</p>"
            ),
        ],
    },
    {
        "slug": "kak-vybrat-repetitora",
        "title": "Как выбрать репетитора: пять вопросов на первом занятии",
        "intro": (
            "Хороший репетитор — не тот, у кого больше всего регалий, а тот, с кем вам "
            "понятно и спокойно. Вот что стоит спросить на пробном уроке."
        ),
        "tags": ["репетитор", "советы"],
        "days_ago": 21,
        "body": [
            _paragraph(
                "<p>Пробное занятие нужно не только преподавателю, чтобы оценить ваш уровень, "
                "но и вам — чтобы понять, подходит ли вам его манера. Не стесняйтесь задавать "
                "вопросы: опытный репетитор отвечает на них охотно и конкретно.</p>"
            ),
            _heading("Что спросить"),
            _paragraph(
                "<ul><li>Как вы поймёте, что я продвигаюсь, и как часто мы будем это "
                "проверять?</li><li>Что я буду делать между занятиями и сколько времени это "
                "займёт?</li><li>Как вы объясняете тему, если я не понял её с первого раза?"
                "</li><li>Готовили ли вы учеников к моей цели — экзамену, собеседованию, "
                "переезду?</li><li>Что будет, если мне придётся пропустить урок?</li></ul>"
            ),
            _paragraph(
                "<p>После урока спросите себя: стало ли понятнее, чем было, и хочется ли "
                "прийти ещё раз. Если оба ответа «да» — это хороший знак, даже если "
                "у соседнего репетитора рейтинг на пару десятых выше.</p>"
            ),
        ],
    },
    {
        "slug": "intervalnoe-povtorenie",
        "title": "Интервальное повторение: почему забывать полезно",
        "intro": (
            "Мы забываем большую часть нового уже в первые дни. Интервальное повторение "
            "превращает эту слабость памяти в инструмент."
        ),
        "tags": ["память", "методики"],
        "days_ago": 38,
        "body": [
            _paragraph(
                "<p>Ещё в XIX веке Герман Эббингауз заметил, что выученное забывается по "
                "кривой: быстро в первые часы и всё медленнее потом. Каждое повторение "
                "«в момент почти забывания» делает кривую более пологой, и следующий раз "
                "можно повторить уже через больший промежуток.</p>"
            ),
            _heading("Как это устроить на практике"),
            _paragraph(
                "<p>Простая схема: повторите материал через день, через три дня, через "
                "неделю, через две недели и через месяц. Вспоминайте, а не перечитывайте: "
                "закройте конспект и попробуйте воспроизвести главное, а потом сверьтесь. "
                "Именно усилие вспоминания укрепляет память.</p>"
            ),
            _paragraph(
                "<p>Удобнее всего вести карточки — бумажные или в приложении, которое само "
                "подскажет, что пора повторить. Десять-пятнадцать минут в день дают больше, "
                "чем два часа зубрёжки раз в неделю.</p>"
            ),
        ],
    },
    {
        "slug": "inostrannyj-yazyk-vo-vzroslom-vozraste",
        "title": "Иностранный язык во взрослом возрасте: что действительно работает",
        "intro": (
            "Взрослым учить язык не сложнее, чем детям, — просто иначе. Опыт, умение "
            "планировать и ясная цель работают на вас."
        ),
        "tags": ["языки", "мотивация"],
        "days_ago": 55,
        "body": [
            _paragraph(
                "<p>Миф о том, что после двадцати язык уже не выучить, давно опровергнут. "
                "Взрослые медленнее осваивают произношение, зато быстрее понимают грамматику "
                "и умеют учиться осознанно: ставить цель, выбирать материалы и отслеживать "
                "прогресс.</p>"
            ),
            _heading("Меньше, но каждый день"),
            _paragraph(
                "<p>Двадцать минут ежедневно полезнее трёх часов по субботам. Слушайте "
                "подкасты по дороге на работу, пересказывайте вслух прочитанное, "
                "записывайте голосовые сообщения самому себе. Ошибки — нормальная часть "
                "процесса: говорить с ошибками лучше, чем молчать без них.</p>"
            ),
            {"type": "embed", "value": DEMO_VIDEO_URL},
            _paragraph(
                "<p>В этом выступлении Джош Кауфман рассказывает, почему первые двадцать "
                "часов практики решают больше, чем годы подготовки к ней. Его идея хорошо "
                "ложится на изучение языка: начните говорить раньше, чем почувствуете, что "
                "готовы.</p>"
            ),
        ],
    },
    {
        "slug": "etiket-onlajn-uroka",
        "title": "Этикет онлайн-урока: как заниматься по видеосвязи с пользой",
        "intro": (
            "Камера, звук, тетрадь под рукой и пять минут до начала. Небольшие привычки, "
            "которые делают онлайн-занятие не хуже очного."
        ),
        "tags": ["онлайн-обучение", "советы"],
        "days_ago": 79,
        "body": [
            _paragraph(
                "<p>Онлайн-урок экономит дорогу, но требует чуть больше собранности. "
                "Подключитесь за пять минут до начала, проверьте звук и камеру и закройте "
                "лишние вкладки: уведомления отвлекают сильнее, чем кажется.</p>"
            ),
            _heading("Простые правила"),
            _paragraph(
                "<ul><li>Держите камеру включённой: преподавателю важно видеть, понятно ли "
                "вам.</li><li>Пользуйтесь наушниками с микрофоном — так вас лучше слышно и "
                "нет эха.</li><li>Выключайте микрофон, когда говорит другой участник "
                "группы.</li><li>Записывайте вопросы по ходу урока, чтобы задать их в "
                "конце.</li></ul>"
            ),
            _paragraph(
                "<p>И не забывайте про запись: если урок записывается, пересмотрите "
                "трудный фрагмент в тот же вечер. Это лучший способ закрепить материал, "
                "пока он ещё свеж.</p>"
            ),
        ],
    },
    {
        "slug": "gde-brat-motivaciyu",
        "title": "Где брать мотивацию, когда учиться надоело",
        "intro": (
            "Мотивация приходит и уходит, а привычка остаётся. Как продолжать заниматься, "
            "когда первый энтузиазм прошёл."
        ),
        "tags": ["мотивация", "привычки"],
        "days_ago": 104,
        "body": [
            _paragraph(
                "<p>В начале любого курса всё кажется увлекательным, но через пару недель "
                "новизна проходит. Это не значит, что вы выбрали не то: так бывает у всех. "
                "Важно заранее подготовиться к этому моменту.</p>"
            ),
            _heading("Опора на систему, а не на настроение"),
            _paragraph(
                "<p>Привяжите занятия к тому, что вы и так делаете каждый день: к утреннему "
                "кофе, дороге в метро, обеденному перерыву. Ставьте маленькие цели — одна "
                "глава, десять карточек, одна задача — и отмечайте каждую выполненную. "
                "Цепочка отметок в календаре сама по себе становится стимулом её не "
                "прерывать.</p>"
            ),
            _paragraph(
                "<p>Помогает и чужой взгляд: занятия в группе или с репетитором добавляют "
                "ответственности. А если совсем тяжело, сократите объём, но не бросайте: "
                "пять минут в день сохраняют привычку, к которой легко вернуться.</p>"
            ),
        ],
    },
]

# The one post translated into English: the first one (exam preparation).
POST_EN = {
    "slug": "how-to-prepare-for-an-exam",
    "title": "How to prepare for an exam without burning out",
    "intro": (
        "A plan for the last six weeks before an exam, from the list of topics to the night "
        "before. No all-nighters, and energy left for the exam itself."
    ),
    "tags": ["exams", "planning"],
    "body": [
        _paragraph(
            "<p>Start with an honest inventory: write down every topic of the exam and mark "
            "each one in one of three colours: “I know it”, “I know it but mix things up”, "
            "“I don't know it”. Within an hour you have a map showing where to spend your "
            "time and where a quick review will do.</p>"
        ),
        _heading("Week by week"),
        _paragraph(
            "<p>Split the time left into weeks and give each week a few topics from the red "
            "and yellow zones. Keep the last week free for practice papers and for the topics "
            "that still wobble. Solve tasks in the exam's format and against a timer: you "
            "will get used to the pace and stop fearing the answer sheet.</p>"
        ),
        _paragraph(
            "<p>Sleep is part of the preparation, not a reward for it. Sleep is when memory "
            "settles what you learnt during the day, so a sleepless night before the exam "
            "takes more than it gives. The evening before, review only your one-page summary, "
            "pack your documents and go to bed on time.</p>"
        ),
    ],
}


def load_blog_demo(index_parent: Page, author_emails: list[str]) -> BlogIndexPage:
    """Create (once) the Russian blog under index_parent and its English translation."""
    index = _index(index_parent)
    authors = _authors(author_emails)
    today = timezone.localdate()
    posts = []
    for number, data in enumerate(POSTS_RU):
        author = authors[number % len(authors)] if authors else None
        posts.append(_post(index, data, author, today - timedelta(days=data["days_ago"])))

    en = Locale.objects.get_or_create(language_code="en")[0]
    _translate(index, en, INDEX_EN)
    _translate(posts[0], en, POST_EN)
    return index


def _index(parent: Page) -> BlogIndexPage:
    index = BlogIndexPage.objects.child_of(parent).filter(slug=INDEX_RU["slug"]).first()
    if index is None:
        index = BlogIndexPage(show_in_menus=True, **INDEX_RU)
        parent.add_child(instance=index)
        index.save_revision().publish()
    return index


def _authors(emails: list[str]) -> list[User]:
    """The users with these e-mails, in the order given (unknown e-mails are left out)."""
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails if email in by_email]


def _post(index: BlogIndexPage, data: dict, author: User | None, day: date) -> BlogPostPage:
    post = BlogPostPage.objects.child_of(index).filter(slug=data["slug"]).first()
    if post is None:
        post = BlogPostPage(
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            body=data["body"],
            date=day,
            author=author,
            owner=author,
        )
        post.tags.set(data["tags"])
        index.add_child(instance=post)
        post.save_revision().publish()
    return post


def _translate(page: Page, locale: Locale, fields: dict) -> Page:
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
        tags = fields.get("tags")
        for name, value in fields.items():
            if name != "tags":
                setattr(translation, name, value)
        if tags is not None:
            translation.tags.set(tags)
        translation.save_revision().publish()
    return translation
