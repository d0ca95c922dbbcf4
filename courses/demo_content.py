"""The texts of the demo catalog: categories, courses with their lessons, tutors and their videos.

Data only; courses.demo turns it into pages. Inline markup in texts: **bold**. A tuple of
strings in a lesson's body becomes a bulleted list. Videos are YouTube links: without a
network the site shows a "cannot be shown right now" line with a link instead of the player.
"""

from typing import NamedTuple


class CategorySpec(NamedTuple):
    slug: str
    icon: str
    name: str
    name_en: str
    parent: str | None = None


class LessonSpec(NamedTuple):
    slug: str
    title: str
    minutes: int
    intro: str
    heading: str
    body: tuple[str | tuple[str, ...], ...]
    code: tuple[str, str] | None = None  # (language, code)
    callout: tuple[str, str] | None = None  # (info | tip | warning, text)
    video: tuple[str, str] | None = None  # (YouTube URL, caption)


class CourseSpec(NamedTuple):
    slug: str
    title: str
    category: str
    teacher: str  # e-mail of one of TUTORS
    level: str
    course_type: str
    language: str
    price: str
    currency: str
    hours: int
    summary: str
    about: str
    audience: str
    outcomes: tuple[str, ...]
    quote: tuple[str, str] | None
    stats: tuple[int, str, int]  # students, average rating, reviews: demo numbers only
    lessons: tuple[LessonSpec, ...]


class VideoSpec(NamedTuple):
    slug: str
    title: str
    url: str
    caption: str
    description: str
    tags: tuple[str, ...]


class TutorSpec(NamedTuple):
    email: str
    first_name: str
    last_name: str
    slug: str
    headline: str
    subjects: tuple[str, ...]
    experience_years: int
    education: str
    hourly_price: str
    bio: tuple[str, ...]
    quote: str
    rating: str
    videos: tuple[VideoSpec, ...]


class IndexSpec(NamedTuple):
    slug: str
    title: str
    introduction: str


# ---------------------------------------------------------------------------------------------
# Categories: four top ones, four children; English names for the English translations

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("languages", "🌍", "Языки", "Languages"),
    CategorySpec("english", "🇬🇧", "Английский", "English", "languages"),
    CategorySpec("german", "🇩🇪", "Немецкий", "German", "languages"),
    CategorySpec("programming", "💻", "Программирование", "Programming"),
    CategorySpec("python", "🐍", "Python", "Python", "programming"),
    CategorySpec("web-development", "🌐", "Веб-разработка", "Web development", "programming"),
    CategorySpec("mathematics", "📐", "Математика", "Mathematics"),
    CategorySpec("school-subjects", "🎒", "Школьные предметы", "School subjects"),
)

# ---------------------------------------------------------------------------------------------
# The two index pages, in Russian and English

CATALOG = IndexSpec(
    "courses",
    "Курсы",
    "Учитесь в своём темпе, в группе с преподавателем или один на один с репетитором. "
    "Первый урок каждого курса открыт бесплатно — начните с него и решите, подходит ли вам курс.",
)
CATALOG_EN = IndexSpec(
    "courses",
    "Courses",
    "Study at your own pace, in a group with a teacher or one to one with a tutor. The first "
    "lesson of every course is free: start there and see whether the course suits you.",
)
TUTOR_INDEX = IndexSpec(
    "tutors",
    "Репетиторы",
    "Преподаватели языков, программирования и точных наук. Посмотрите их пробные видео, "
    "выберите того, чья манера объяснять вам ближе, и запишитесь на занятие.",
)
TUTOR_INDEX_EN = IndexSpec(
    "tutors",
    "Tutors",
    "Teachers of languages, programming, maths and science. Watch their sample videos, pick "
    "the one whose way of explaining suits you and book a lesson.",
)

DESCRIPTION_HEADINGS = ("Для кого этот курс", "Чему вы научитесь")
DESCRIPTION_HEADINGS_EN = ("Who this course is for", "What you will learn")

# ---------------------------------------------------------------------------------------------
# Tutors: the first two accounts come from the demo command; the other two are made here

TUTOR1 = "tutor1@ustat.test"
TUTOR2 = "tutor2@ustat.test"
TUTOR3 = "tutor3@ustat.test"
TUTOR4 = "tutor4@ustat.test"

TUTORS: tuple[TutorSpec, ...] = (
    TutorSpec(
        email=TUTOR1,
        first_name="Ирина",
        last_name="Соколова",
        slug="irina-sokolova",
        headline="Английский и немецкий для взрослых: говорим с первого занятия",
        subjects=("english", "german"),
        experience_years=12,
        education=(
            "МГЛУ, переводческий факультет (английский и немецкий языки)\n"
            "Сертификат CELTA, Cambridge English"
        ),
        hourly_price="1800",
        bio=(
            "Преподаю английский и немецкий двенадцать лет: сначала в языковой школе, "
            "потом в корпоративных группах, последние пять лет — онлайн. Больше всего люблю "
            "работать со взрослыми, которые когда-то «учили язык в школе», но так и не "
            "заговорили.",
            "На занятиях мы много говорим: грамматику я объясняю на примерах из жизни, а "
            "новые слова сразу используем в диалогах. Домашние задания короткие — 15–20 "
            "минут в день дают больше, чем три часа в выходные.",
        ),
        quote="Язык — это не предмет, а навык. Его нельзя выучить, его можно только натренировать.",
        rating="4.90",
        videos=(
            VideoSpec(
                "how-to-learn-a-language",
                "Как выучить язык за полгода: разбираем метод",
                "https://www.youtube.com/watch?v=d0yGdNEWdn0",
                "Крис Лонсдейл, TEDx (на английском, есть субтитры)",
                "Смотрим знаменитое выступление Криса Лонсдейла и разбираем, какие из его "
                "советов работают у взрослых учеников, а какие лучше пропустить.",
                ("английский", "мотивация", "методика"),
            ),
            VideoSpec(
                "how-babies-learn-languages",
                "Как дети учат языки — и что из этого взять взрослым",
                "https://www.youtube.com/watch?v=G2XBIkHW954",
                "Патриша Куль, TED (на английском, есть субтитры)",
                "Почему малыши различают любые звуки, а взрослые — нет, и как тренировать "
                "слух к произношению иностранного языка.",
                ("произношение", "аудирование", "немецкий"),
            ),
        ),
    ),
    TutorSpec(
        email=TUTOR2,
        first_name="Дмитрий",
        last_name="Орлов",
        slug="dmitry-orlov",
        headline="Python-разработчик: учу писать код, который не стыдно показать",
        subjects=("python", "programming"),
        experience_years=9,
        education="МФТИ, факультет инноваций и высоких технологий, прикладная математика",
        hourly_price="2500",
        bio=(
            "Девять лет пишу на Python: бэкенд интернет-магазинов, обработка данных, "
            "внутренние инструменты. Параллельно пять лет провожу собеседования и "
            "наставляю начинающих разработчиков.",
            "Учу не синтаксису, а мышлению программиста: как разбить задачу на части, как "
            "читать чужой код и сообщения об ошибках, как писать так, чтобы через месяц "
            "самому всё понимать. Каждое занятие заканчивается работающей программой.",
        ),
        quote="Хороший код — это код, который понятен следующему человеку. Чаще всего это вы.",
        rating="4.80",
        videos=(
            VideoSpec(
                "python-in-an-hour",
                "Python за час: обзор языка для тех, кто выбирает первый",
                "https://www.youtube.com/watch?v=kqtD5dpn9C8",
                "Programming with Mosh (на английском)",
                "Коротко о том, что умеет Python, где он используется и почему с него удобно "
                "начинать. Подойдёт, если вы ещё не решили, какой язык учить.",
                ("python", "для начинающих"),
            ),
            VideoSpec(
                "reading-tracebacks",
                "Как читать сообщения об ошибках и не паниковать",
                "https://www.youtube.com/watch?v=nLRL_NcnK-4",
                "Фрагмент курса CS50P, Гарвард (на английском)",
                "Разбираем traceback снизу вверх: где искать строку с ошибкой, что значат "
                "NameError, TypeError и IndexError и как исправить их за минуту.",
                ("python", "отладка"),
            ),
        ),
    ),
    TutorSpec(
        email=TUTOR3,
        first_name="Марат",
        last_name="Хасанов",
        slug="marat-khasanov",
        headline="Математика и физика: ОГЭ, ЕГЭ и вузовский курс без зубрёжки",
        subjects=("mathematics", "school-subjects"),
        experience_years=15,
        education=(
            "Казанский федеральный университет, механико-математический факультет\n"
            "Кандидат физико-математических наук"
        ),
        hourly_price="2000",
        bio=(
            "Пятнадцать лет готовлю школьников к ОГЭ и ЕГЭ и веду линейную алгебру у "
            "студентов-программистов. Мои ученики сдают профильную математику в среднем на "
            "80 баллов.",
            "Я уверен, что формулу не нужно заучивать, если понимаешь, откуда она берётся. "
            "Поэтому на занятиях мы много рисуем, считаем на простых примерах и только потом "
            "переходим к задачам экзаменационного уровня.",
        ),
        quote="Если задача не получается, нарисуйте её. Не получается снова — нарисуйте крупнее.",
        rating="4.95",
        videos=(
            VideoSpec(
                "essence-of-calculus",
                "Суть производной за 15 минут",
                "https://www.youtube.com/watch?v=WUvTyaaNkzM",
                "3Blue1Brown, «Суть матанализа» (на английском, есть русские субтитры)",
                "Лучшее наглядное объяснение производной и интеграла, которое я знаю. После "
                "просмотра разбираем три задачи из ЕГЭ на ту же идею.",
                ("математика", "производная", "ЕГЭ"),
            ),
            VideoSpec(
                "neural-network-math",
                "Что такое нейросеть глазами математика",
                "https://www.youtube.com/watch?v=aircAruvnKk",
                "3Blue1Brown (на английском, есть русские субтитры)",
                "Нейросеть — это матрицы, векторы и немного анализа. Показываю, какие темы "
                "линейной алгебры понадобятся, чтобы понять, как она учится.",
                ("линейная алгебра", "нейросети"),
            ),
        ),
    ),
    TutorSpec(
        email=TUTOR4,
        first_name="Ольга",
        last_name="Лебедева",
        slug="olga-lebedeva",
        headline="Фронтенд-разработчица: HTML, CSS и JavaScript — по-русски и по-английски",
        subjects=("web-development", "english"),
        experience_years=7,
        education="Университет ИТМО, программная инженерия\nIELTS Academic 8.0",
        hourly_price="2200",
        bio=(
            "Семь лет делаю интерфейсы: сначала в веб-студии, теперь в международной "
            "продуктовой команде, где вся работа идёт на английском. Поэтому часть курсов "
            "веду на английском — это заодно тренировка профессионального языка.",
            "Начинающим помогаю сверстать первый сайт и выложить его в интернет, тем, кто уже "
            "работает, — разобраться с JavaScript, Git и код-ревью.",
        ),
        quote=(
            "Лучший способ выучить вёрстку — сверстать десять страниц. Первая будет самой трудной."
        ),
        rating="4.70",
        videos=(
            VideoSpec(
                "css-in-20-minutes",
                "CSS за 20 минут: селекторы, блочная модель, Flexbox",
                "https://www.youtube.com/watch?v=1PnVor36_40",
                "Web Dev Simplified (на английском)",
                "Быстрый обзор CSS для тех, кто уже знает HTML. После видео верстаем вместе "
                "карточку товара и разбираем типичные ошибки.",
                ("css", "вёрстка", "flexbox"),
            ),
            VideoSpec(
                "git-in-an-hour",
                "Git без страха: ветки, коммиты и откат изменений",
                "https://www.youtube.com/watch?v=8JJ101D3knE",
                "Programming with Mosh (на английском)",
                "Что делать, если закоммитили не то, как переключаться между ветками и почему "
                "не стоит бояться конфликтов слияния.",
                ("git", "командная работа"),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Courses

PYTHON_BASICS = CourseSpec(
    slug="python-basics",
    title="Python с нуля",
    category="python",
    teacher=TUTOR2,
    level="beginner",
    course_type="self_paced",
    language="ru",
    price="0",
    currency="RUB",
    hours=12,
    summary=(
        "Первый язык программирования без страха: переменные, условия, циклы, списки и "
        "функции на понятных примерах. Бесплатно и в своём темпе."
    ),
    about=(
        "Python — один из самых популярных языков в мире: на нём пишут сайты, анализируют "
        "данные, автоматизируют рутину и обучают нейросети. В этом курсе мы начнём с самого "
        "начала: установим Python, напишем первую программу и шаг за шагом дойдём до "
        "собственных функций."
    ),
    audience=(
        "Тем, кто никогда не программировал: старшеклассникам, студентам и взрослым, которые "
        "хотят сменить профессию или просто понять, как работает код."
    ),
    outcomes=(
        "устанавливать Python и запускать программы",
        "работать с числами, строками, списками и словарями",
        "писать условия и циклы",
        "разбивать программу на функции",
        "читать сообщения об ошибках и исправлять их",
    ),
    quote=("Код читают гораздо чаще, чем пишут.", "Гвидо ван Россум, автор Python"),
    stats=(1840, "4.80", 126),
    lessons=(
        LessonSpec(
            "install",
            "Установка Python и первая программа",
            15,
            "Python — интерпретируемый язык: программа не компилируется заранее, а выполняется "
            "строка за строкой специальной программой — интерпретатором. Поэтому первым делом "
            "его нужно установить. Скачайте последнюю версию с сайта python.org, а при установке "
            "на Windows отметьте пункт **Add Python to PATH**.",
            "Первая программа",
            (
                "Откройте редактор кода, например VS Code, создайте файл **hello.py** и напишите "
                "в нём две строки из примера ниже. Сохраните файл и запустите его командой "
                "**python hello.py** в терминале.",
                "Функция print выводит на экран всё, что передано ей в скобках. Текст в Python "
                "записывают в кавычках — одинарных или двойных, разницы нет. Измените текст и "
                "запустите программу ещё раз: так вы проверите, что всё работает.",
            ),
            code=("python", 'print("Привет, мир!")\nprint("Дважды два =", 2 * 2)'),
            callout=(
                "tip",
                "Если команда **python** не находится, попробуйте **python3** или **py**: на "
                "разных системах интерпретатор называется по-разному.",
            ),
            video=(
                "https://www.youtube.com/watch?v=rfscVS0vtbw",
                "Полный курс Python для начинающих от freeCodeCamp (на английском)",
            ),
        ),
        LessonSpec(
            "variables",
            "Переменные и типы данных",
            20,
            "Переменная — это имя, которое ссылается на значение. Объявлять её заранее не "
            "нужно: достаточно присвоить значение знаком «=». Имя выбирайте так, чтобы было "
            "понятно, что внутри: **price** лучше, чем **p**.",
            "Основные типы",
            (
                (
                    "**int** — целые числа: 7, -3, 2024;",
                    "**float** — дробные числа: 3.14, 0.5;",
                    "**str** — строки: «Москва», «Python»;",
                    "**bool** — логические значения True и False.",
                ),
                "Тип значения показывает функция type. Сложение двух чисел даёт число, а "
                "сложение двух строк — склеенную строку. Сложить строку с числом напрямую "
                "нельзя: сначала преобразуйте одно из них функцией int или str.",
            ),
            code=(
                "python",
                'age = 17\nname = "Аня"\nheight = 1.65\n\n'
                "print(type(age))              # <class 'int'>\n"
                'print(name + " учится")       # Аня учится\n'
                'print("Возраст: " + str(age))',
            ),
            callout=(
                "info",
                "Python различает регистр букв: **age** и **Age** — две разные переменные.",
            ),
        ),
        LessonSpec(
            "conditions",
            "Условия: if, elif, else",
            25,
            "Программе часто нужно принимать решения. Для этого есть оператор if: после него "
            "пишут условие и двоеточие, а на следующих строках — действия с отступом в четыре "
            "пробела. Именно отступ показывает Python, какие строки относятся к условию.",
            "Несколько вариантов",
            (
                "Если вариантов больше двух, используют elif — сокращение от «else if». Python "
                "проверяет условия сверху вниз и выполняет первую подходящую ветку, а ветка "
                "else срабатывает, когда не подошло ни одно условие.",
                "Условия строят операторами сравнения ==, !=, <, >, <= и >=, а объединяют "
                "словами and, or и not.",
            ),
            code=(
                "python",
                'score = int(input("Сколько баллов вы набрали? "))\n\n'
                "if score >= 85:\n"
                '    print("Отлично!")\n'
                "elif score >= 60:\n"
                '    print("Зачёт")\n'
                "else:\n"
                '    print("Нужно повторить материал")',
            ),
            callout=(
                "warning",
                "Не путайте = и ==. Один знак равенства присваивает значение, два — сравнивают.",
            ),
        ),
        LessonSpec(
            "loops",
            "Циклы for и while",
            25,
            "Цикл повторяет действие много раз без копирования кода. Цикл for перебирает "
            "элементы последовательности — символы строки, элементы списка или числа из "
            "range, — а цикл while повторяет действия, пока условие истинно.",
            "Функция range",
            (
                "range(5) выдаёт числа от 0 до 4: последнее число в диапазон не входит. Можно "
                "указать начало и шаг — range(1, 10, 2) даст нечётные числа от 1 до 9.",
                "Команда break немедленно завершает цикл, а continue переходит к следующему "
                "повторению. Ими удобно пользоваться, когда нужное значение уже найдено.",
            ),
            code=(
                "python",
                "for i in range(1, 6):\n"
                '    print(i, "в квадрате =", i ** 2)\n\n'
                "balance = 1000\nyears = 0\n"
                "while balance < 2000:\n"
                "    balance *= 1.1\n"
                "    years += 1\n"
                'print("Вклад удвоится через", years, "лет")',
            ),
            callout=(
                "warning",
                "Следите, чтобы условие while когда-нибудь стало ложным, иначе программа "
                "зациклится. Остановить её можно сочетанием **Ctrl+C**.",
            ),
        ),
        LessonSpec(
            "lists-and-dicts",
            "Списки и словари",
            30,
            "Список хранит несколько значений по порядку. Его записывают в квадратных скобках, "
            "а к элементам обращаются по индексу, начиная с нуля. Список можно менять: "
            "добавлять элементы методом append, удалять методом remove, сортировать методом sort.",
            "Словари",
            (
                "Словарь хранит пары «ключ — значение» и записывается в фигурных скобках. Он "
                "нужен, когда данные удобнее искать по имени, а не по номеру: телефонная книга, "
                "оценки по предметам, настройки программы.",
                "Метод items возвращает пары ключ — значение, поэтому словарь удобно "
                "перебирать циклом for сразу по двум переменным.",
            ),
            code=(
                "python",
                'fruits = ["яблоко", "банан", "киви"]\n'
                'fruits.append("манго")\n'
                "print(fruits[0], len(fruits))   # яблоко 4\n\n"
                'grades = {"математика": 5, "физика": 4}\n'
                'grades["химия"] = 5\n'
                "for subject, grade in grades.items():\n"
                "    print(subject, grade)",
            ),
            callout=(
                "tip",
                "Отрицательный индекс считает с конца: **fruits[-1]** — последний элемент.",
            ),
        ),
        LessonSpec(
            "functions",
            "Функции",
            30,
            "Функция — это именованный кусок кода, который можно вызывать много раз. Её "
            "объявляют словом def, в скобках перечисляют параметры, а результат возвращают "
            "оператором return. Хорошая функция делает одно дело и называется глаголом: "
            "calculate_total, send_email.",
            "Параметры по умолчанию",
            (
                "Параметру можно задать значение по умолчанию — тогда при вызове его можно не "
                "указывать. Это удобно для настроек, которые почти всегда одинаковы.",
                "Переменные, созданные внутри функции, снаружи не видны. Поэтому функции не "
                "мешают друг другу, и программу из них легко собирать, как из кубиков.",
            ),
            code=(
                "python",
                'def greet(name, greeting="Привет"):\n'
                '    return f"{greeting}, {name}!"\n\n'
                'print(greet("Оля"))            # Привет, Оля!\n'
                'print(greet("Sam", "Hello"))   # Hello, Sam!\n\n'
                "def average(numbers):\n"
                "    return sum(numbers) / len(numbers)\n\n"
                "print(average([5, 4, 5, 3]))   # 4.25",
            ),
            callout=(
                "info",
                'Строка с буквой f перед кавычками — **f"..."** — подставляет значения '
                "выражений в фигурных скобках прямо в текст.",
            ),
            video=(
                "https://www.youtube.com/watch?v=nLRL_NcnK-4",
                "Лекция о функциях из курса CS50P, Гарвард (на английском)",
            ),
        ),
    ),
)

# The English translation of PYTHON_BASICS: the same lessons by slug.
PYTHON_BASICS_EN = CourseSpec(
    slug="python-basics",
    title="Python from Scratch",
    category="python",
    teacher=TUTOR2,
    level="beginner",
    course_type="self_paced",
    language="en",
    price="0",
    currency="RUB",
    hours=12,
    summary=(
        "Your first programming language without fear: variables, conditions, loops, lists and "
        "functions explained with clear examples. Free and at your own pace."
    ),
    about=(
        "Python is one of the most popular languages in the world: people use it to build "
        "websites, analyse data, automate routine work and train neural networks. In this "
        "course we start from the very beginning: install Python, write a first program and "
        "work step by step up to functions of your own."
    ),
    audience=(
        "People who have never programmed: secondary school and university students, and "
        "adults who want a new profession or simply to understand how code works."
    ),
    outcomes=(
        "install Python and run programs",
        "work with numbers, strings, lists and dictionaries",
        "write conditions and loops",
        "split a program into functions",
        "read error messages and fix the errors",
    ),
    quote=("Code is read much more often than it is written.", "Guido van Rossum, Python's author"),
    stats=(215, "4.70", 14),
    lessons=(
        LessonSpec(
            "install",
            "Installing Python and Your First Program",
            15,
            "Python is an interpreted language: a program is not compiled in advance but run "
            "line by line by a program called the interpreter. So the first step is to install "
            "it. Download the latest version from python.org, and on Windows tick **Add Python "
            "to PATH** during installation.",
            "Your first program",
            (
                "Open a code editor such as VS Code, create a file called **hello.py** and type "
                "the two lines from the example below. Save the file and run it with "
                "**python hello.py** in a terminal.",
                "The print function shows whatever you pass to it in brackets. Text in Python "
                "goes in quotes, single or double, it makes no difference. Change the text and "
                "run the program again to check that everything works.",
            ),
            code=("python", 'print("Hello, world!")\nprint("Two times two is", 2 * 2)'),
            callout=(
                "tip",
                "If the **python** command is not found, try **python3** or **py**: the "
                "interpreter has different names on different systems.",
            ),
            video=(
                "https://www.youtube.com/watch?v=rfscVS0vtbw",
                "freeCodeCamp's full Python course for beginners",
            ),
        ),
        LessonSpec(
            "variables",
            "Variables and Data Types",
            20,
            "A variable is a name that refers to a value. You don't declare it in advance: "
            "assigning a value with «=» is enough. Choose names that say what is inside: "
            "**price** is better than **p**.",
            "The basic types",
            (
                (
                    "**int**: whole numbers such as 7, -3, 2024;",
                    "**float**: fractional numbers such as 3.14, 0.5;",
                    "**str**: strings such as «London», «Python»;",
                    "**bool**: the truth values True and False.",
                ),
                "The type function tells you a value's type. Adding two numbers gives a number, "
                "adding two strings joins them. You cannot add a string to a number directly: "
                "convert one of them first with int or str.",
            ),
            code=(
                "python",
                'age = 17\nname = "Anna"\nheight = 1.65\n\n'
                "print(type(age))              # <class 'int'>\n"
                'print(name + " studies")      # Anna studies\n'
                'print("Age: " + str(age))',
            ),
            callout=(
                "info",
                "Python is case-sensitive: **age** and **Age** are two different variables.",
            ),
        ),
        LessonSpec(
            "conditions",
            "Conditions: if, elif, else",
            25,
            "Programs often have to make decisions. That is what the if statement is for: write "
            "a condition and a colon after it, then the actions on the following lines, indented "
            "by four spaces. The indentation is what tells Python which lines belong to the "
            "condition.",
            "More than two options",
            (
                "With more than two options, use elif, short for «else if». Python checks the "
                "conditions from top to bottom and runs the first branch that matches; the else "
                "branch runs when none of them did.",
                "Conditions are built with the comparison operators ==, !=, <, >, <= and >=, "
                "and combined with the words and, or and not.",
            ),
            code=(
                "python",
                'score = int(input("How many points did you score? "))\n\n'
                "if score >= 85:\n"
                '    print("Excellent!")\n'
                "elif score >= 60:\n"
                '    print("Pass")\n'
                "else:\n"
                '    print("Time to revise")',
            ),
            callout=(
                "warning",
                "Don't confuse = with ==. A single equals sign assigns a value, two compare.",
            ),
        ),
        LessonSpec(
            "loops",
            "for and while Loops",
            25,
            "A loop repeats an action many times without copying code. A for loop goes through "
            "the items of a sequence (the characters of a string, the items of a list or the "
            "numbers of a range), and a while loop repeats its actions as long as a condition "
            "is true.",
            "The range function",
            (
                "range(5) gives the numbers 0 to 4: the last number is not included. You can "
                "give a start and a step too: range(1, 10, 2) gives the odd numbers from 1 to 9.",
                "break ends the loop at once and continue skips to the next round. They are "
                "handy when you have already found what you were looking for.",
            ),
            code=(
                "python",
                "for i in range(1, 6):\n"
                '    print(i, "squared is", i ** 2)\n\n'
                "balance = 1000\nyears = 0\n"
                "while balance < 2000:\n"
                "    balance *= 1.1\n"
                "    years += 1\n"
                'print("The deposit doubles in", years, "years")',
            ),
            callout=(
                "warning",
                "Make sure a while condition becomes false at some point, or the program never "
                "stops. You can interrupt it with **Ctrl+C**.",
            ),
        ),
        LessonSpec(
            "lists-and-dicts",
            "Lists and Dictionaries",
            30,
            "A list keeps several values in order. It is written in square brackets, and its "
            "items are reached by index, starting from zero. Lists can change: add items with "
            "append, remove them with remove, sort them with sort.",
            "Dictionaries",
            (
                "A dictionary stores «key: value» pairs in curly brackets. Use it when data is "
                "easier to look up by name than by number: a phone book, marks by subject, a "
                "program's settings.",
                "The items method returns key–value pairs, so a for loop can go through a "
                "dictionary with two variables at once.",
            ),
            code=(
                "python",
                'fruits = ["apple", "banana", "kiwi"]\n'
                'fruits.append("mango")\n'
                "print(fruits[0], len(fruits))   # apple 4\n\n"
                'grades = {"maths": 5, "physics": 4}\n'
                'grades["chemistry"] = 5\n'
                "for subject, grade in grades.items():\n"
                "    print(subject, grade)",
            ),
            callout=(
                "tip",
                "A negative index counts from the end: **fruits[-1]** is the last item.",
            ),
        ),
        LessonSpec(
            "functions",
            "Functions",
            30,
            "A function is a named piece of code you can call many times. It is declared with "
            "def, its parameters are listed in brackets, and it hands back its result with "
            "return. A good function does one thing and is named with a verb: calculate_total, "
            "send_email.",
            "Default values",
            (
                "A parameter can have a default value, so the caller may leave it out. This is "
                "handy for settings that are almost always the same.",
                "Variables created inside a function are not visible outside it. That is why "
                "functions don't get in each other's way, and a program is easy to build from "
                "them like from bricks.",
            ),
            code=(
                "python",
                'def greet(name, greeting="Hello"):\n'
                '    return f"{greeting}, {name}!"\n\n'
                'print(greet("Olga"))           # Hello, Olga!\n'
                'print(greet("Sam", "Hi"))      # Hi, Sam!\n\n'
                "def average(numbers):\n"
                "    return sum(numbers) / len(numbers)\n\n"
                "print(average([5, 4, 5, 3]))   # 4.25",
            ),
            callout=(
                "info",
                'A string with an f before the quotes, **f"..."**, puts the values of the '
                "expressions in curly brackets right into the text.",
            ),
            video=(
                "https://www.youtube.com/watch?v=nLRL_NcnK-4",
                "The functions lecture of Harvard's CS50P",
            ),
        ),
    ),
)

PYTHON_DATA = CourseSpec(
    slug="python-data-analysis",
    title="Анализ данных на Python: pandas и графики",
    category="python",
    teacher=TUTOR2,
    level="intermediate",
    course_type="self_paced",
    language="ru",
    price="4900",
    currency="RUB",
    hours=24,
    summary=(
        "Загружаем таблицы, чистим данные, считаем сводные показатели и строим графики. "
        "Практический курс для тех, кто уже знает основы Python."
    ),
    about=(
        "Excel хорош, пока строк меньше ста тысяч и отчёт не нужно собирать каждую неделю. "
        "Дальше на помощь приходит pandas — библиотека, которая превращает Python в мощный "
        "инструмент для работы с таблицами. На реальных данных о продажах мы пройдём весь "
        "путь аналитика: от сырого CSV-файла до графика в отчёте."
    ),
    audience=(
        "Тем, кто прошёл базовый курс Python или уверенно пишет циклы и функции, а теперь "
        "хочет применить их к данным: маркетологам, экономистам, начинающим аналитикам."
    ),
    outcomes=(
        "загружать данные из CSV и Excel",
        "фильтровать, сортировать и группировать таблицы",
        "находить и исправлять пропуски и дубли",
        "строить понятные графики для отчётов",
    ),
    quote=(
        "Без данных вы просто ещё один человек со своим мнением.",
        "Уильям Эдвардс Деминг",
    ),
    stats=(612, "4.70", 58),
    lessons=(
        LessonSpec(
            "jupyter",
            "Рабочее место аналитика: Jupyter и pandas",
            20,
            "Аналитики редко пишут программы целиком: они исследуют данные шаг за шагом. Для "
            "этого удобен Jupyter Notebook — блокнот, где код разбит на ячейки, а результат "
            "каждой ячейки виден сразу под ней: таблица, число или график.",
            "Установка",
            (
                "Создайте отдельное виртуальное окружение, чтобы библиотеки проекта не "
                "смешивались с системными, и установите в него pandas, matplotlib и jupyter. "
                "Команда jupyter notebook откроет блокнот в браузере.",
                "В первой ячейке принято импортировать библиотеки под короткими именами: pandas "
                "как pd, matplotlib.pyplot как plt. Так их называют во всех учебниках и ответах "
                "на Stack Overflow.",
            ),
            code=(
                "bash",
                "python -m venv .venv\n"
                "source .venv/bin/activate\n"
                "pip install pandas matplotlib jupyter\n"
                "jupyter notebook",
            ),
            callout=(
                "tip",
                "**Shift+Enter** выполняет ячейку и переходит к следующей — самое нужное "
                "сочетание клавиш в Jupyter.",
            ),
            video=(
                "https://www.youtube.com/watch?v=r-uOLxNrNk8",
                "Анализ данных на Python: NumPy, pandas, Matplotlib (freeCodeCamp, на английском)",
            ),
        ),
        LessonSpec(
            "dataframes",
            "Таблицы DataFrame: загрузка и первый взгляд",
            25,
            "Главный объект pandas — DataFrame, таблица с именованными столбцами. Загрузить её "
            "из файла можно одной командой read_csv. Первое, что стоит сделать с новыми "
            "данными, — посмотреть на них: сколько строк, какие столбцы, нет ли очевидных "
            "странностей.",
            "Три команды для знакомства",
            (
                (
                    "**head()** показывает первые пять строк;",
                    "**info()** — типы столбцов и число непустых значений;",
                    "**describe()** — среднее, минимум, максимум и квартили числовых столбцов.",
                ),
                "Отдельный столбец выбирают по имени в квадратных скобках. Получается Series — "
                "одномерный массив, у которого есть свои методы: sum, mean, value_counts.",
            ),
            code=(
                "python",
                "import pandas as pd\n\n"
                'sales = pd.read_csv("sales.csv", parse_dates=["date"])\n'
                "sales.head()\n"
                "sales.info()\n"
                'sales["city"].value_counts()',
            ),
            callout=(
                "info",
                "Параметр **parse_dates** сразу превращает текстовые даты в настоящие — с ними "
                "можно считать интервалы и группировать по месяцам.",
            ),
        ),
        LessonSpec(
            "filtering",
            "Фильтрация и сортировка",
            25,
            "Чтобы выбрать строки по условию, в квадратные скобки передают логическую маску — "
            "столбец из True и False. Условия объединяют операторами & (и) и | (или), а каждое "
            "условие берут в скобки.",
            "Сортировка и выбор по меткам",
            (
                "Метод sort_values сортирует таблицу по одному или нескольким столбцам; "
                "ascending=False меняет порядок на убывающий. Метод loc выбирает строки и "
                "столбцы одновременно.",
                "Фильтры не меняют исходную таблицу, а возвращают новую. Если результат нужен "
                "дальше, сохраните его в переменную.",
            ),
            code=(
                "python",
                'big = sales[(sales["amount"] > 10_000) & (sales["city"] == "Казань")]\n'
                'top = big.sort_values("amount", ascending=False)\n'
                'top.loc[:, ["date", "manager", "amount"]].head(10)',
            ),
            callout=(
                "warning",
                "Вместо and и or в фильтрах pandas нужны & и |, иначе Python выдаст ошибку "
                "«The truth value of a Series is ambiguous».",
            ),
        ),
        LessonSpec(
            "groupby",
            "Группировка и сводные таблицы",
            30,
            "Большинство вопросов к данным звучат как «сколько по каждому»: выручка по городам, "
            "средний чек по месяцам, число заказов по менеджерам. Для них есть groupby: он "
            "разбивает таблицу на группы, считает показатель в каждой и собирает результат.",
            "Несколько показателей сразу",
            (
                "Метод agg позволяет посчитать несколько показателей за один проход и дать "
                "столбцам понятные имена. А pivot_table строит сводную таблицу, как в Excel: "
                "строки — одна характеристика, столбцы — другая.",
                "Для группировки по месяцам удобен метод dt.to_period, который превращает дату "
                "в месяц.",
            ),
            code=(
                "python",
                'by_city = sales.groupby("city").agg(\n'
                '    revenue=("amount", "sum"),\n'
                '    orders=("amount", "count"),\n'
                '    avg_check=("amount", "mean"),\n'
                ")\n\n"
                'sales["month"] = sales["date"].dt.to_period("M")\n'
                'sales.pivot_table(index="month", columns="city", values="amount", aggfunc="sum")',
            ),
        ),
        LessonSpec(
            "cleaning",
            "Пропуски, дубли и типы: чистим данные",
            25,
            "Реальные данные всегда грязные: где-то не заполнен город, где-то заказ выгрузился "
            "дважды, где-то сумма записана текстом с пробелами. По опыту, на чистку уходит "
            "больше половины времени анализа, и эту работу нельзя пропускать.",
            "Порядок действий",
            (
                (
                    "найти пропуски: isna().sum() покажет их число по столбцам;",
                    "решить, что с ними делать: удалить строки (dropna) или заполнить (fillna);",
                    "убрать полные дубли методом drop_duplicates;",
                    "привести типы: pd.to_numeric, pd.to_datetime.",
                ),
                "Каждое решение записывайте в блокнот вместе с причиной. Через месяц вы не "
                "вспомните, почему выбросили триста строк, а коллеге это будет важно.",
            ),
            code=(
                "python",
                "sales.isna().sum()\n"
                'sales["city"] = sales["city"].fillna("не указан")\n'
                "sales = sales.drop_duplicates()\n"
                'sales["amount"] = pd.to_numeric(sales["amount"], errors="coerce")',
            ),
            callout=(
                "warning",
                "Не заполняйте пропуски средним «по привычке»: это искажает распределение. "
                "Сначала разберитесь, почему значения пропали.",
            ),
        ),
        LessonSpec(
            "charts",
            "Графики с matplotlib",
            30,
            "График быстрее таблицы показывает тренд, выброс или сезонность. У DataFrame есть "
            "метод plot, который рисует график через matplotlib одной строкой; параметр kind "
            "выбирает его вид: line, bar, hist, scatter.",
            "Как выбрать вид графика",
            (
                (
                    "изменение во времени — линейный график;",
                    "сравнение категорий — столбчатая диаграмма;",
                    "распределение значений — гистограмма;",
                    "связь двух показателей — точечная диаграмма.",
                ),
                "Подписывайте оси и заголовок: график без подписей в отчёте бесполезен. "
                "Функция savefig сохраняет картинку в файл для презентации.",
            ),
            code=(
                "python",
                "import matplotlib.pyplot as plt\n\n"
                'monthly = sales.groupby("month")["amount"].sum()\n'
                'ax = monthly.plot(kind="line", marker="o", figsize=(8, 4))\n'
                'ax.set_title("Выручка по месяцам")\n'
                'ax.set_ylabel("рубли")\n'
                'plt.savefig("revenue.png", dpi=150, bbox_inches="tight")',
            ),
            callout=("tip", "Одна мысль — один график. Не пытайтесь показать всё сразу."),
        ),
    ),
)

PYTHON_INTERVIEW = CourseSpec(
    slug="python-interview",
    title="Python: подготовка к собеседованию",
    category="python",
    teacher=TUTOR2,
    level="advanced",
    course_type="individual",
    language="ru",
    price="2990",
    currency="RUB",
    hours=10,
    summary=(
        "Индивидуальные занятия с разработчиком, который сам проводит собеседования: "
        "алгоритмы, устройство Python и разбор задач с живым кодингом."
    ),
    about=(
        "Техническое собеседование — отдельный навык. Можно хорошо программировать и всё "
        "равно растеряться, когда нужно решать задачу вслух за 40 минут. На занятиях один "
        "на один мы повторим теорию, которую спрашивают чаще всего, и потренируемся в "
        "формате настоящего интервью."
    ),
    audience=(
        "Разработчикам с опытом от года, которые готовятся к собеседованию на позицию "
        "middle Python-разработчика, и выпускникам курсов перед первым поиском работы."
    ),
    outcomes=(
        "оценивать сложность решения и объяснять её",
        "уверенно отвечать об устройстве списков, словарей и генераторов",
        "решать алгоритмические задачи вслух",
        "задавать интервьюеру правильные вопросы",
    ),
    quote=None,
    stats=(94, "4.90", 21),
    lessons=(
        LessonSpec(
            "interview-stages",
            "Как устроено техническое собеседование",
            15,
            "Обычно путь до оффера состоит из нескольких этапов: разговор с рекрутером, "
            "техническое интервью, задача с живым кодингом и финальная встреча с командой. "
            "На каждом этапе проверяют разное, и готовиться к ним тоже нужно по-разному.",
            "Что оценивает интервьюер",
            (
                "На живом кодинге важен не только правильный ответ. Интервьюер смотрит, как вы "
                "уточняете условие, рассуждаете о крайних случаях, оцениваете сложность и "
                "проверяете код на примерах.",
                "Молчаливое решение, даже верное, оценивают ниже, чем решение с ошибкой, которую "
                "кандидат сам нашёл и исправил, рассуждая вслух.",
            ),
            callout=(
                "tip",
                "Думайте вслух. Если зашли в тупик, скажите об этом и опишите, что пробуете "
                "дальше, — это тоже ответ.",
            ),
            video=(
                "https://www.youtube.com/watch?v=Mo4vesaut8g",
                "Big O Notation — полный разбор (freeCodeCamp, на английском)",
            ),
        ),
        LessonSpec(
            "complexity",
            "Сложность алгоритмов: O-большое",
            25,
            "O-большое описывает, как растёт время работы алгоритма с ростом входных данных. "
            "Константы и мелкие слагаемые отбрасывают: важно, что будет с программой, если "
            "данных станет в тысячу раз больше.",
            "Частые оценки",
            (
                (
                    "**O(1)** — доступ к элементу списка по индексу, поиск ключа в словаре;",
                    "**O(log n)** — бинарный поиск в отсортированном списке;",
                    "**O(n)** — один проход по списку, поиск значения через in;",
                    "**O(n log n)** — сортировка;",
                    "**O(n²)** — два вложенных цикла по одним и тем же данным.",
                ),
                "Самая частая ловушка — проверка «x in список» внутри цикла: она незаметно "
                "превращает линейный алгоритм в квадратичный.",
            ),
            code=(
                "python",
                "# O(n²): поиск в списке внутри цикла\n"
                "common = [x for x in a if x in b]\n\n"
                "# O(n): поиск во множестве — O(1) в среднем\n"
                "b_set = set(b)\n"
                "common = [x for x in a if x in b_set]",
            ),
        ),
        LessonSpec(
            "data-structures",
            "Встроенные структуры данных изнутри",
            25,
            "Список в Python — динамический массив: добавление в конец почти всегда стоит O(1), "
            "а вставка в начало сдвигает все элементы и стоит O(n). Словарь и множество "
            "устроены как хеш-таблицы, поэтому поиск по ключу в среднем занимает O(1).",
            "Модуль collections",
            (
                "Если нужна очередь, берите deque: он добавляет и удаляет элементы с обоих "
                "концов за O(1). Counter считает частоты, а defaultdict избавляет от проверок "
                "«есть ли уже такой ключ».",
                "На собеседовании часто спрашивают, почему ключом словаря не может быть список. "
                "Ответ: ключ должен быть хешируемым, а хеш изменяемого объекта мог бы "
                "поменяться после вставки.",
            ),
            code=(
                "python",
                "from collections import Counter, deque\n\n"
                'words = "to be or not to be".split()\n'
                "print(Counter(words).most_common(2))  # [('to', 2), ('be', 2)]\n\n"
                "queue = deque([1, 2, 3])\n"
                "queue.appendleft(0)\n"
                "queue.pop()",
            ),
        ),
        LessonSpec(
            "generators",
            "Итераторы и генераторы",
            25,
            "Генератор — это функция, которая вместо return использует yield. Она не "
            "вычисляет все значения сразу, а отдаёт их по одному, когда их просят. Поэтому "
            "генератор может пройти по файлу в десятки гигабайт, не загружая его в память.",
            "Ленивые вычисления",
            (
                "Генераторное выражение записывается как списковое включение, но в круглых "
                "скобках. sum(x * x for x in range(10**8)) посчитает сумму, не создавая списка "
                "из ста миллионов чисел.",
                "Генератор можно пройти только один раз. Частый вопрос на собеседовании: почему "
                "второй цикл по тому же генератору не выполнил ни одного шага.",
            ),
            code=(
                "python",
                "def read_large_file(path):\n"
                '    with open(path, encoding="utf-8") as file:\n'
                "        for line in file:\n"
                "            yield line.rstrip()\n\n"
                'errors = sum(1 for line in read_large_file("app.log") if "ERROR" in line)',
            ),
            callout=(
                "info",
                "Любой объект с методами **__iter__** и **__next__** — итератор. Генератор "
                "создаёт их за вас.",
            ),
        ),
        LessonSpec(
            "two-sum",
            "Разбор задачи: два числа с заданной суммой",
            30,
            "Классическая задача: дан список чисел и число target, нужно найти индексы двух "
            "элементов, сумма которых равна target. Прежде чем писать код, уточните условие: "
            "может ли ответ не существовать, бывают ли повторы, можно ли использовать один "
            "элемент дважды.",
            "От перебора к словарю",
            (
                "Очевидное решение — перебрать все пары двумя циклами, это O(n²). Его стоит "
                "назвать вслух, но не останавливаться на нём.",
                "Быстрее запомнить в словаре уже просмотренные числа: для каждого элемента "
                "проверяем, встречалось ли число target - x. Один проход — O(n) по времени и "
                "O(n) по памяти.",
            ),
            code=(
                "python",
                "def two_sum(numbers, target):\n"
                "    seen = {}\n"
                "    for i, x in enumerate(numbers):\n"
                "        if target - x in seen:\n"
                "            return seen[target - x], i\n"
                "        seen[x] = i\n"
                "    return None\n\n"
                "assert two_sum([2, 7, 11, 15], 9) == (0, 1)",
            ),
            callout=(
                "warning",
                "Не бросайтесь писать код сразу. Две минуты на вопросы об условии экономят "
                "двадцать минут переделок.",
            ),
        ),
    ),
)

HTML_CSS = CourseSpec(
    slug="html-css",
    title="Вёрстка сайтов: HTML и CSS",
    category="web-development",
    teacher=TUTOR4,
    level="beginner",
    course_type="live_group",
    language="ru",
    price="2990",
    currency="RUB",
    hours=20,
    summary=(
        "Занятия в группе с преподавателем: с нуля до собственного адаптивного сайта-визитки "
        "на HTML и CSS, с проверкой каждой домашней работы."
    ),
    about=(
        "Каждый сайт в интернете — это HTML, который задаёт структуру страницы, и CSS, который "
        "отвечает за внешний вид. За восемь недель в небольшой группе вы научитесь верстать "
        "страницы по макету и опубликуете собственный сайт-визитку."
    ),
    audience=(
        "Новичкам без опыта программирования, дизайнерам, которые хотят понимать, как их "
        "макеты превращаются в сайт, и всем, кто выбирает профессию во фронтенде."
    ),
    outcomes=(
        "размечать страницы семантическим HTML",
        "оформлять их с помощью CSS",
        "раскладывать блоки с помощью Flexbox",
        "делать страницы, которые хорошо выглядят на телефоне",
    ),
    quote=None,
    stats=(356, "4.60", 41),
    lessons=(
        LessonSpec(
            "how-the-web-works",
            "Как устроена веб-страница",
            15,
            "Когда вы открываете сайт, браузер отправляет запрос на сервер и получает в ответ "
            "HTML-документ. Затем он загружает файлы стилей, картинки и скрипты, на которые "
            "ссылается документ, и рисует из всего этого страницу.",
            "Три языка веба",
            (
                (
                    "**HTML** описывает, что есть на странице: заголовки, абзацы, ссылки, формы;",
                    "**CSS** — как это выглядит: цвета, шрифты, отступы, расположение;",
                    "**JavaScript** — как страница реагирует на действия пользователя.",
                ),
                "В этом курсе мы работаем с первыми двумя. Для работы понадобятся только "
                "браузер и редактор кода — ничего устанавливать на сервер не нужно.",
            ),
            callout=(
                "tip",
                "Нажмите **F12** на любом сайте: откроются инструменты разработчика, где видно "
                "HTML и CSS страницы. Это лучший способ учиться у других.",
            ),
            video=(
                "https://www.youtube.com/watch?v=pQN-pnXPaVg",
                "Полный курс HTML для начинающих (freeCodeCamp, на английском)",
            ),
        ),
        LessonSpec(
            "html-structure",
            "Структура HTML-документа",
            25,
            "HTML состоит из тегов — слов в угловых скобках. Большинство тегов парные: "
            "открывающий и закрывающий, а между ними — содержимое. Теги вкладываются друг в "
            "друга, как матрёшки, и образуют дерево документа.",
            "Обязательные части",
            (
                "Документ начинается со строки doctype, затем идёт корневой тег html. Внутри "
                "него два раздела: head со служебной информацией — кодировкой, заголовком "
                "вкладки, подключёнными стилями — и body, где находится всё видимое содержимое.",
                "У тегов бывают атрибуты: href у ссылки указывает адрес, src у картинки — путь "
                "к файлу, а alt — текст, который прочитает программа экранного доступа.",
            ),
            code=(
                "html",
                "<!doctype html>\n"
                '<html lang="ru">\n'
                "<head>\n"
                '  <meta charset="utf-8">\n'
                "  <title>Моя первая страница</title>\n"
                "</head>\n"
                "<body>\n"
                "  <h1>Привет!</h1>\n"
                '  <p>Это абзац со <a href="https://ustat.test">ссылкой</a>.</p>\n'
                "</body>\n"
                "</html>",
            ),
        ),
        LessonSpec(
            "semantics",
            "Семантическая разметка",
            20,
            "Семантика — это смысл. Семантический тег сообщает не только браузеру, но и "
            "поисковику и программе экранного доступа, что за часть страницы перед ними: "
            "шапка, навигация, основное содержимое или подвал.",
            "Главные семантические теги",
            (
                (
                    "**header** — шапка страницы или раздела;",
                    "**nav** — блок навигации;",
                    "**main** — основное содержимое, одно на странице;",
                    "**article** — самостоятельная часть: статья, карточка товара;",
                    "**footer** — подвал с контактами и служебными ссылками.",
                ),
                "Заголовки h1–h6 должны идти по порядку, без пропусков уровней: по ним "
                "незрячие пользователи перемещаются по странице.",
            ),
            callout=(
                "info",
                "Если подходящего семантического тега нет, используйте **div** — но только тогда.",
            ),
        ),
        LessonSpec(
            "css-basics",
            "CSS: селекторы и свойства",
            25,
            "CSS-правило состоит из селектора, который выбирает элементы, и блока объявлений "
            "в фигурных скобках: свойство, двоеточие, значение. Стили подключают отдельным "
            "файлом через тег link в разделе head.",
            "Каскад и специфичность",
            (
                "Если к элементу подходят несколько правил, побеждает более специфичное: "
                "селектор по id сильнее селектора по классу, а класс сильнее тега. При равной "
                "специфичности побеждает правило, записанное позже.",
                "На практике стилизуйте через классы: они переиспользуются и не создают войн "
                "специфичности.",
            ),
            code=(
                "css",
                "body {\n"
                "  font-family: system-ui, sans-serif;\n"
                "  line-height: 1.5;\n"
                "}\n\n"
                ".card-title {\n"
                "  font-size: 1.25rem;\n"
                "  color: #1f3a8a;\n"
                "}",
            ),
        ),
        LessonSpec(
            "box-model",
            "Блочная модель",
            25,
            "Каждый элемент на странице — прямоугольник. Он состоит из содержимого, "
            "внутреннего отступа padding, рамки border и внешнего отступа margin. Понимание "
            "этой модели снимает половину вопросов «почему блок не помещается».",
            "box-sizing",
            (
                "По умолчанию width задаёт ширину только содержимого, а padding и border "
                "прибавляются сверху. Из-за этого блок шириной 100% с отступами вылезает за "
                "пределы родителя.",
                "Свойство box-sizing: border-box включает отступы и рамку в заданную ширину. "
                "Его принято ставить всем элементам в самом начале файла стилей.",
            ),
            code=(
                "css",
                "*, *::before, *::after {\n"
                "  box-sizing: border-box;\n"
                "}\n\n"
                ".card {\n"
                "  padding: 16px;\n"
                "  border: 1px solid #ddd;\n"
                "  margin-bottom: 24px;\n"
                "}",
            ),
            callout=(
                "tip",
                "Во вкладке Elements инструментов разработчика есть схема блочной модели "
                "выбранного элемента — с её помощью легко найти лишний отступ.",
            ),
        ),
        LessonSpec(
            "flexbox",
            "Раскладка на Flexbox",
            30,
            "Flexbox раскладывает дочерние элементы в строку или в столбец и распределяет "
            "между ними свободное место. Достаточно написать display: flex у родителя — и его "
            "дети выстроятся в ряд.",
            "Основные свойства контейнера",
            (
                (
                    "**flex-direction** — направление: row или column;",
                    "**justify-content** — выравнивание вдоль главной оси;",
                    "**align-items** — выравнивание поперёк неё;",
                    "**gap** — расстояние между элементами;",
                    "**flex-wrap** — перенос на новую строку, если места не хватает.",
                ),
                "Чтобы карточки занимали доступную ширину поровну, задайте им flex: 1. Вместе "
                "с flex-wrap и минимальной шириной это даёт адаптивную сетку без медиазапросов.",
            ),
            code=(
                "css",
                ".cards {\n"
                "  display: flex;\n"
                "  flex-wrap: wrap;\n"
                "  gap: 16px;\n"
                "}\n\n"
                ".cards > .card {\n"
                "  flex: 1 1 240px;\n"
                "}",
            ),
            video=(
                "https://www.youtube.com/watch?v=1Rs2ND1ryYc",
                "CSS с нуля до уверенного уровня (freeCodeCamp, на английском)",
            ),
        ),
    ),
)

JAVASCRIPT = CourseSpec(
    slug="javascript-fundamentals",
    title="JavaScript Fundamentals",
    category="web-development",
    teacher=TUTOR4,
    level="intermediate",
    course_type="self_paced",
    language="en",
    price="49",
    currency="USD",
    hours=18,
    summary=(
        "Курс на английском языке: переменные, функции, массивы, объекты и работа со "
        "страницей через DOM. Для тех, кто уже знает HTML и CSS."
    ),
    about=(
        "JavaScript оживляет страницы: обрабатывает клики, проверяет формы, подгружает "
        "данные без перезагрузки. Курс целиком на английском — так вы заодно привыкнете к "
        "языку документации, на котором написано почти всё о веб-разработке."
    ),
    audience=(
        "Тем, кто уже верстает на HTML и CSS и читает по-английски на уровне B1 или выше. "
        "Все термины в уроках объяснены простыми словами."
    ),
    outcomes=(
        "писать современный JavaScript с let, const и стрелочными функциями",
        "обрабатывать массивы методами map, filter и reduce",
        "находить элементы страницы и менять их",
        "реагировать на действия пользователя",
    ),
    quote=(
        "Any application that can be written in JavaScript, will eventually be written in "
        "JavaScript.",
        "Джефф Этвуд",
    ),
    stats=(203, "4.50", 17),
    lessons=(
        LessonSpec(
            "what-javascript-does",
            "What JavaScript Does",
            15,
            "HTML describes a page and CSS styles it, but neither can react to what a visitor "
            "does. JavaScript can: it runs in the browser, listens for clicks and key presses, "
            "changes the page and talks to servers without reloading.",
            "Where to write it",
            (
                "The simplest place is a script tag at the end of the body, or better, a "
                "separate .js file connected with the src attribute. While you learn, the "
                "browser console (F12, then Console) is a great playground.",
                "console.log prints values to the console. Use it freely: it is the quickest "
                "way to see what your code is really doing.",
            ),
            code=(
                "javascript",
                '// app.js, connected with <script src="app.js" defer></script>\n'
                "console.log('Hello from JavaScript!');\n"
                "console.log(2 + 2); // 4",
            ),
            video=(
                "https://www.youtube.com/watch?v=PkZNo7MFNFg",
                "Learn JavaScript: full course for beginners (freeCodeCamp)",
            ),
        ),
        LessonSpec(
            "variables",
            "Variables: let, const and Types",
            20,
            "Modern JavaScript declares variables with let and const. Use const by default: "
            "the name cannot be pointed at another value later, which prevents a whole class "
            "of bugs. Use let only when the value really has to change, like a loop counter.",
            "Types you meet every day",
            (
                (
                    "**number**: 42 and 3.14 alike, there is no separate integer type;",
                    "**string**: text in single, double or back quotes;",
                    "**boolean**: true or false;",
                    "**null** and **undefined**: «no value», set on purpose or by default.",
                ),
                "Template literals in back quotes can span several lines and insert values "
                "with ${...}, which is far easier to read than joining strings with +.",
            ),
            code=(
                "javascript",
                "const name = 'Olga';\n"
                "let lessonsDone = 3;\n"
                "lessonsDone += 1;\n\n"
                "console.log(`${name} has finished ${lessonsDone} lessons`);\n"
                "console.log(typeof lessonsDone); // 'number'",
            ),
            callout=(
                "warning",
                "You will still see var in old code. Avoid it in new code: its scoping rules "
                "are confusing.",
            ),
        ),
        LessonSpec(
            "functions",
            "Functions and Arrow Functions",
            25,
            "A function packs a piece of logic under a name. In JavaScript functions are "
            "values: you can store them in variables, pass them to other functions and return "
            "them. This is what makes event handlers and array methods possible.",
            "Arrow functions",
            (
                "An arrow function is a shorter way to write a function, especially a small "
                "one passed as an argument. If its body is a single expression, the braces and "
                "the return keyword can go.",
                "Parameters can have default values, just like in Python, and the rest "
                "parameter ...numbers collects any number of arguments into an array.",
            ),
            code=(
                "javascript",
                "function price(amount, discount = 0) {\n"
                "  return amount * (1 - discount);\n"
                "}\n\n"
                "const double = (x) => x * 2;\n"
                "const total = (...numbers) => numbers.reduce((a, b) => a + b, 0);\n\n"
                "console.log(price(100, 0.2), double(21), total(1, 2, 3));",
            ),
        ),
        LessonSpec(
            "arrays-and-objects",
            "Arrays and Objects",
            25,
            "An array is an ordered list; an object is a set of named properties. Together "
            "they describe almost any data: a shopping cart is an array of objects, each with "
            "a title, a price and a quantity.",
            "map, filter and reduce",
            (
                "Instead of writing loops by hand, use array methods. map turns every item "
                "into something new, filter keeps the items that pass a test and reduce folds "
                "the whole array into one value.",
                "These methods do not change the original array; they return a new one. Code "
                "written this way is easier to test and to reason about.",
            ),
            code=(
                "javascript",
                "const cart = [\n"
                "  { title: 'Notebook', price: 3, qty: 2 },\n"
                "  { title: 'Pen', price: 1, qty: 5 },\n"
                "];\n\n"
                "const titles = cart.map((item) => item.title);\n"
                "const bulk = cart.filter((item) => item.qty > 3);\n"
                "const sum = cart.reduce((acc, item) => acc + item.price * item.qty, 0);",
            ),
            callout=(
                "tip",
                "Comparing objects with === checks whether they are the same object, not "
                "whether their contents match.",
            ),
        ),
        LessonSpec(
            "dom",
            "Working with the DOM",
            30,
            "The DOM is the browser's live model of the page: every tag is an object you can "
            "find, read and change from JavaScript. Changing the DOM changes what the visitor "
            "sees immediately.",
            "Find, listen, change",
            (
                "document.querySelector finds the first element that matches a CSS selector. "
                "addEventListener runs your function when something happens to the element: a "
                "click, an input, a form submit.",
                "To change text, set textContent; to change styling, add or remove a class "
                "with classList rather than writing styles inline.",
            ),
            code=(
                "javascript",
                "const button = document.querySelector('#like');\n"
                "const counter = document.querySelector('#likes');\n"
                "let likes = 0;\n\n"
                "button.addEventListener('click', () => {\n"
                "  likes += 1;\n"
                "  counter.textContent = likes;\n"
                "  button.classList.add('is-liked');\n"
                "});",
            ),
            callout=(
                "warning",
                "A script that runs before the page is parsed finds nothing. Load it with the "
                "**defer** attribute or at the end of the body.",
            ),
        ),
    ),
)

GIT = CourseSpec(
    slug="git-basics",
    title="Git и GitHub для командной работы",
    category="web-development",
    teacher=TUTOR4,
    level="beginner",
    course_type="self_paced",
    language="ru",
    price="0",
    currency="RUB",
    hours=6,
    summary=(
        "Бесплатный курс о главном инструменте разработчика: коммиты, ветки, слияние, "
        "GitHub и pull request — всё, что нужно в первый рабочий день."
    ),
    about=(
        "Git хранит историю проекта: кто, когда и зачем поменял каждую строку. Без него не "
        "обходится ни одна команда разработчиков, а на собеседованиях знание Git "
        "подразумевается само собой. За шесть коротких уроков вы освоите ежедневный минимум."
    ),
    audience=(
        "Начинающим разработчикам, тестировщикам, дизайнерам и аналитикам, которые работают "
        "рядом с кодом."
    ),
    outcomes=(
        "создавать репозиторий и делать осмысленные коммиты",
        "работать в ветках и разрешать конфликты",
        "отправлять код на GitHub и забирать изменения коллег",
        "открывать pull request и проходить код-ревью",
    ),
    quote=None,
    stats=(975, "4.70", 88),
    lessons=(
        LessonSpec(
            "why-git",
            "Зачем нужна система контроля версий",
            15,
            "Папки «проект_финал», «проект_финал_2» и «проект_точно_финал» знакомы всем. "
            "Система контроля версий решает эту проблему: она хранит все состояния проекта, "
            "позволяет вернуться к любому из них и показывает, что изменилось между ними.",
            "Git и GitHub — не одно и то же",
            (
                "Git — программа, которая работает на вашем компьютере и ведёт историю "
                "изменений. GitHub — сайт, где хранят копии репозиториев, обсуждают изменения и "
                "работают над кодом вместе.",
                "Git распределённый: у каждого участника полная копия истории, поэтому работать "
                "можно и без интернета.",
            ),
            video=(
                "https://www.youtube.com/watch?v=RGOj5yH7evk",
                "Git и GitHub для начинающих (freeCodeCamp, на английском)",
            ),
        ),
        LessonSpec(
            "first-commit",
            "Первый репозиторий и коммит",
            20,
            "Репозиторий — это папка проекта, за которой следит Git. Коммит — снимок "
            "выбранных изменений с сообщением о том, зачем они сделаны. История проекта — "
            "цепочка таких снимков.",
            "Три состояния файла",
            (
                "Изменённый файл сначала добавляют в индекс командой git add — так вы "
                "выбираете, что войдёт в коммит. Затем git commit сохраняет снимок. Команда "
                "git status в любой момент показывает, что где находится.",
                "Сообщение коммита пишут в повелительном наклонении и по делу: «Добавить форму "
                "входа», а не «правки» или «исправил».",
            ),
            code=(
                "bash",
                "git init\n"
                "git add index.html style.css\n"
                'git commit -m "Добавить главную страницу"\n'
                "git status\n"
                "git log --oneline",
            ),
            callout=(
                "tip",
                "Делайте коммиты маленькими: один коммит — одно законченное изменение. Такую "
                "историю легко читать и легко откатывать.",
            ),
        ),
        LessonSpec(
            "branches",
            "Ветки и слияние",
            25,
            "Ветка — это отдельная линия разработки. В ней можно спокойно делать новую "
            "функцию, не ломая основную версию проекта. Когда работа готова, ветку сливают "
            "обратно в main.",
            "Конфликты",
            (
                "Если две ветки изменили одни и те же строки, Git не может решить сам, какой "
                "вариант правильный, и сообщает о конфликте. В файле появятся маркеры <<<<<<<, "
                "======= и >>>>>>>, между которыми стоят обе версии.",
                "Оставьте нужный вариант, удалите маркеры, добавьте файл командой git add и "
                "завершите слияние коммитом.",
            ),
            code=(
                "bash",
                "git switch -c feature/login-form\n"
                "# ...правки и коммиты...\n"
                "git switch main\n"
                "git merge feature/login-form",
            ),
            callout=(
                "warning",
                "Конфликт — это не ошибка и не поломка, а вопрос Git к вам. Ничего не "
                "потеряно, пока вы не удалили чужие строки не глядя.",
            ),
        ),
        LessonSpec(
            "github",
            "Удалённый репозиторий на GitHub",
            20,
            "Чтобы работать вместе, нужен общий репозиторий. Создайте его на GitHub, "
            "подключите к локальному под именем origin и отправьте туда свои коммиты командой "
            "git push.",
            "Забираем изменения коллег",
            (
                "Команда git pull скачивает новые коммиты из удалённого репозитория и вливает "
                "их в текущую ветку. Делайте её каждое утро перед началом работы — так "
                "конфликтов будет меньше.",
                "Чужой проект копируют целиком командой git clone: она создаёт папку, "
                "скачивает всю историю и сразу настраивает origin.",
            ),
            code=(
                "bash",
                "git remote add origin git@github.com:username/site.git\n"
                "git push -u origin main\n"
                "git pull\n"
                "git clone git@github.com:team/project.git",
            ),
        ),
        LessonSpec(
            "pull-requests",
            "Pull request и код-ревью",
            20,
            "В командах код редко попадает в main напрямую. Разработчик отправляет ветку на "
            "GitHub и открывает pull request — предложение влить изменения. Коллеги читают код, "
            "оставляют комментарии, и только после одобрения ветку сливают.",
            "Как пройти ревью быстро",
            (
                (
                    "описывайте в pull request, что и зачем изменено;",
                    "держите изменения небольшими — до 300–400 строк;",
                    "отвечайте на каждый комментарий, даже если просто согласны;",
                    "не принимайте замечания на свой счёт: ревьюят код, а не вас.",
                ),
                "Код-ревью — лучший способ учиться у старших коллег. Читайте и чужие pull "
                "request: так вы быстрее узнаете проект.",
            ),
            callout=(
                "tip",
                "Перед тем как просить ревью, прочитайте свой diff сами: половину замечаний "
                "вы найдёте раньше коллег.",
            ),
        ),
    ),
)

ENGLISH_A1 = CourseSpec(
    slug="english-a1",
    title="Английский для начинающих",
    category="english",
    teacher=TUTOR1,
    level="beginner",
    course_type="self_paced",
    language="ru",
    price="0",
    currency="RUB",
    hours=15,
    summary=(
        "Бесплатный курс с нуля до уровня A1: чтение, глагол to be, Present Simple и первые "
        "фразы, чтобы рассказать о себе."
    ),
    about=(
        "Этот курс для тех, кто начинает с самого начала или давно всё забыл. Мы не будем "
        "зубрить таблицы: каждое правило сразу превращается в фразы, которые пригодятся в "
        "путешествии, на работе и в переписке."
    ),
    audience=(
        "Взрослым и подросткам с нулевым уровнем и тем, кто учил английский в школе, но не "
        "может связать двух слов."
    ),
    outcomes=(
        "читать простые слова и понимать транскрипцию",
        "рассказывать о себе, семье и работе",
        "задавать простые вопросы и отвечать на них",
        "понимать числа, время и даты на слух",
    ),
    quote=(
        "The limits of my language mean the limits of my world.",
        "Людвиг Витгенштейн",
    ),
    stats=(2630, "4.80", 214),
    lessons=(
        LessonSpec(
            "alphabet",
            "Алфавит и звуки",
            15,
            "В английском алфавите 26 букв, а звуков — около 44. Поэтому одна и та же буква "
            "читается по-разному: «a» в словах cat, name и car звучит трижды иначе. Не "
            "пугайтесь: правила чтения есть, и самые частые из них мы разберём на примерах.",
            "Гласные в открытом и закрытом слоге",
            (
                "Если слово заканчивается на немую «e», гласная перед согласной обычно читается "
                "так же, как называется в алфавите: name, time, home. Если слог закрыт "
                "согласной, звук короткий: cat, sit, hot.",
                "Проверяйте произношение новых слов в онлайн-словаре: там есть транскрипция и "
                "запись голоса носителя языка.",
            ),
            callout=(
                "tip",
                "Выучите значки транскрипции — это 20 минут работы, которые сэкономят месяцы "
                "угадывания.",
            ),
        ),
        LessonSpec(
            "to-be",
            "Глагол to be: am, is, are",
            20,
            "В русском мы говорим «я студент», пропуская глагол. В английском так нельзя: "
            "между подлежащим и описанием обязательно стоит глагол to be. В настоящем времени "
            "у него три формы.",
            "Формы глагола",
            (
                (
                    "**I am** — я (I am a student);",
                    "**he / she / it is** — он, она, оно (She is a doctor);",
                    "**we / you / they are** — мы, вы, они (They are at home).",
                ),
                "Чтобы задать вопрос, поставьте глагол перед подлежащим: Are you ready? Is he "
                "at work? Для отрицания добавьте not: I am not tired.",
            ),
            callout=(
                "info",
                "В разговоре используют сокращения: **I'm, he's, they're, isn't, aren't**. "
                "Учите их сразу — так говорят носители.",
            ),
        ),
        LessonSpec(
            "present-simple",
            "Present Simple: привычки и факты",
            25,
            "Present Simple описывает то, что происходит регулярно или верно всегда: I work in "
            "Moscow, she drinks coffee every morning, the sun rises in the east. Это самое "
            "частое время в английском.",
            "Окончание -s и вспомогательный do",
            (
                "С he, she и it к глаголу добавляется окончание -s: he works, she reads. В "
                "вопросах и отрицаниях появляется помощник do или does, а окончание -s "
                "переходит к нему: Does she read? She doesn't read.",
                "Слова always, usually, often, sometimes и never ставят перед смысловым "
                "глаголом: I usually get up at seven.",
            ),
            callout=(
                "warning",
                "Самая частая ошибка начинающих — «He work» и «Does he works». Окончание -s "
                "бывает только в одном месте.",
            ),
        ),
        LessonSpec(
            "numbers-and-time",
            "Числа, время и даты",
            20,
            "Числа нужны везде: цены, телефоны, время встречи. Отдельно потренируйте пары, "
            "которые легко спутать на слух: thirteen и thirty, fifteen и fifty. В числах на "
            "-teen ударение падает на конец слова, а в десятках — на начало.",
            "Который час?",
            (
                "Проще всего называть время цифрами: It's seven fifteen (7:15), It's ten "
                "thirty (10:30). Классический вариант тоже стоит узнавать: a quarter past "
                "seven, half past ten.",
                "Даты в британском английском читают так: the fifth of May, а в американском — "
                "May fifth. Годы делят пополам: 1998 — nineteen ninety-eight.",
            ),
            callout=(
                "tip",
                "Тренируйтесь на ходу: проговаривайте по-английски номера машин и время на часах.",
            ),
        ),
        LessonSpec(
            "introductions",
            "Знакомство: рассказываем о себе",
            20,
            "Первое, что понадобится в любом разговоре, — представиться. Составьте короткий "
            "рассказ о себе из пяти-шести фраз и выучите его наизусть: он пригодится и на "
            "уроке, и в путешествии, и на собеседовании.",
            "Полезные фразы",
            (
                (
                    "Hi, I'm Anna. Nice to meet you.",
                    "I'm from Kazan, but I live in Moscow.",
                    "I work as a designer. / I'm a student.",
                    "In my free time I like reading and swimming.",
                    "What about you? What do you do?",
                ),
                "Заканчивайте рассказ вопросом собеседнику — так разговор продолжится сам собой.",
            ),
        ),
        LessonSpec(
            "daily-practice",
            "Как учить слова и слушать английский каждый день",
            15,
            "Пятнадцать минут каждый день дают больше, чем два часа раз в неделю. Мозг "
            "запоминает то, к чему регулярно возвращается, поэтому главное в изучении языка — "
            "не сила воли, а привычка.",
            "Простая система",
            (
                (
                    "учите слова карточками с интервальным повторением;",
                    "записывайте слова фразами, а не поодиночке: make a decision, take a photo;",
                    "слушайте подкасты для начинающих по дороге на работу;",
                    "смотрите короткие видео с английскими субтитрами.",
                ),
                "Ошибаться — нормально. Каждая ошибка, которую вы заметили, запоминается "
                "лучше, чем правило из учебника.",
            ),
            video=(
                "https://www.youtube.com/watch?v=_X0mgOOSpLU",
                "Кэрол Дуэк о мышлении роста (TED, на английском с субтитрами)",
            ),
        ),
    ),
)

BUSINESS_ENGLISH = CourseSpec(
    slug="business-english",
    title="Business English: Meetings and Emails",
    category="english",
    teacher=TUTOR1,
    level="advanced",
    course_type="live_group",
    language="en",
    price="4900",
    currency="RUB",
    hours=16,
    summary=(
        "Группа на английском языке для тех, кто уже говорит свободно: деловая переписка, "
        "совещания, переговоры и презентации с разбором реальных ситуаций."
    ),
    about=(
        "Грамматику вы знаете, но на созвоне с зарубежными коллегами всё равно ищете слова? "
        "Этот курс целиком на английском: мы отрабатываем готовые формулы делового общения и "
        "проживаем типичные рабочие ситуации в ролевых играх."
    ),
    audience=(
        "Специалистам с уровнем B2 и выше, которые работают в международных командах или "
        "готовятся к этому."
    ),
    outcomes=(
        "писать короткие и вежливые деловые письма",
        "вести совещание и уверенно вступать в обсуждение",
        "торговаться и договариваться, не теряя лица",
        "представлять результаты работы",
    ),
    quote=None,
    stats=(148, "4.90", 23),
    lessons=(
        LessonSpec(
            "emails",
            "Writing Clear Business Emails",
            20,
            "A good business email can be read in thirty seconds. Put the purpose in the "
            "subject line and the first sentence, then add only the details the reader needs "
            "to act. Long introductions and apologies only hide the point.",
            "A structure that works",
            (
                (
                    "a greeting: Hi Mark, or Dear Ms Lee, for a first contact;",
                    "the purpose: I'm writing to confirm the delivery date;",
                    "the details, one idea per short paragraph;",
                    "the next step: Could you send the contract by Friday?",
                    "a closing: Best regards, or Kind regards.",
                ),
                "Read the email aloud before sending. If a sentence makes you run out of breath, "
                "split it in two.",
            ),
            callout=(
                "tip",
                "Soften requests with **Could you…** and **Would it be possible to…** rather "
                "than plain imperatives.",
            ),
        ),
        LessonSpec(
            "meetings",
            "Running and Joining Meetings",
            25,
            "In meetings, the language of managing the conversation matters as much as "
            "vocabulary. Knowing how to interrupt politely, ask for clarification or bring the "
            "discussion back on track is what makes you sound confident.",
            "Useful phrases",
            (
                (
                    "Opening: Let's get started. The aim of today's meeting is…",
                    "Interrupting: Sorry to jump in, but…",
                    "Clarifying: Just to make sure I understand, you mean…?",
                    "Disagreeing: I see your point, but I'm not sure that…",
                    "Closing: So, to sum up, we've agreed to…",
                ),
                "End every meeting with clear action points: who does what by when. Send them "
                "in writing the same day.",
            ),
        ),
        LessonSpec(
            "negotiations",
            "Negotiation Language",
            25,
            "Negotiation in English relies on indirect language. «That's too expensive» sounds "
            "blunt; «That would be difficult for us at this price» keeps the door open. Modal "
            "verbs and conditionals are your main tools.",
            "Making and answering offers",
            (
                "Use conditionals to link concessions: If you could deliver by May, we would be "
                "able to increase the order. Never give something without asking for something "
                "back.",
                "When you need time, say so: Let me check with my team and get back to you "
                "tomorrow. It is a strong position, not a weak one.",
            ),
            callout=(
                "warning",
                "Avoid a direct «No» early in a negotiation. Try **I'm afraid that won't work "
                "for us** and explain why.",
            ),
        ),
        LessonSpec(
            "presentations",
            "Presenting Data and Results",
            25,
            "A presentation is a story with a beginning, a middle and an end. Tell the audience "
            "what you are going to say, say it, and tell them what you said. Signposting "
            "phrases help them follow you.",
            "Describing trends",
            (
                "Numbers need verbs: sales rose sharply, costs fell slightly, the market "
                "remained stable. Add adverbs to show speed and size: gradually, dramatically, "
                "steadily.",
                "Move between slides with signposts: Let's move on to…, As you can see on this "
                "chart…, This brings me to my last point.",
            ),
            video=(
                "https://www.youtube.com/watch?v=eIho2S0ZahI",
                "Julian Treasure: How to speak so that people want to listen (TED)",
            ),
        ),
        LessonSpec(
            "small-talk",
            "Small Talk and Networking",
            20,
            "Small talk is how relationships start before the real business begins. Safe "
            "topics are travel, the weather, the event you are both at and weekend plans; "
            "politics, money and religion are best avoided.",
            "Keeping the conversation going",
            (
                "Ask open questions that cannot be answered with yes or no: What brought you "
                "to the conference? How did you get into this field?",
                "Show you are listening: That sounds interesting, tell me more. When you need "
                "to move on, do it warmly: It was great talking to you, let's stay in touch.",
            ),
        ),
    ),
)

GERMAN_A1 = CourseSpec(
    slug="german-a1",
    title="Немецкий язык: уровень A1",
    category="german",
    teacher=TUTOR1,
    level="beginner",
    course_type="live_group",
    language="ru",
    price="2990",
    currency="RUB",
    hours=30,
    summary=(
        "Немецкий с нуля в небольшой группе: правила чтения, артикли, порядок слов и фразы "
        "для путешествий. Подготовка к экзамену Start Deutsch 1."
    ),
    about=(
        "Немецкий кажется сложным из-за артиклей и длинных слов, но у него логичные правила "
        "чтения и строгий порядок слов — а значит, его можно освоить системно. Занятия в "
        "группе до восьми человек проходят два раза в неделю."
    ),
    audience=(
        "Тем, кто начинает с нуля: собирается учиться или работать в Германии, Австрии или "
        "Швейцарии, или просто любит путешествовать."
    ),
    outcomes=(
        "читать любые немецкие слова по правилам",
        "понимать, какой артикль выбрать",
        "строить простые утвердительные и вопросительные предложения",
        "объясниться в магазине, кафе и на вокзале",
    ),
    quote=None,
    stats=(421, "4.70", 39),
    lessons=(
        LessonSpec(
            "pronunciation",
            "Произношение и правила чтения",
            20,
            "Хорошая новость: немецкий почти всегда читается так, как пишется. Достаточно "
            "запомнить несколько буквосочетаний — и вы сможете прочитать любое слово, даже "
            "не зная его значения.",
            "Буквосочетания, которые нужно знать",
            (
                (
                    "**ei** читается как «ай»: mein, Wein;",
                    "**ie** — как долгое «и»: Liebe, vier;",
                    "**eu** и **äu** — как «ой»: heute, Häuser;",
                    "**sch** — как «ш»: Schule; **st** и **sp** в начале слова — «шт», «шп»;",
                    "**ß** — как долгое «с»: Straße.",
                ),
                "Умлауты ä, ö и ü меняют звук и смысл: schon — уже, schön — красивый. "
                "Потренируйте их перед зеркалом: для ü губы вытягиваются, как для «у», а язык "
                "стоит, как для «и».",
            ),
            callout=(
                "tip",
                "Ударение в немецких словах почти всегда падает на первый слог корня.",
            ),
        ),
        LessonSpec(
            "articles",
            "Артикли и род существительных",
            25,
            "У каждого немецкого существительного есть род: мужской (der), женский (die) или "
            "средний (das). Род не всегда совпадает с русским: das Mädchen — девочка — среднего "
            "рода. Поэтому слова учат сразу с артиклем.",
            "Подсказки по окончаниям",
            (
                (
                    "**-ung, -heit, -keit, -schaft** — всегда die: die Zeitung, die Freiheit;",
                    "**-chen, -lein** — всегда das: das Brötchen;",
                    "**-er** у профессий и инструментов — обычно der: der Lehrer, der Computer.",
                ),
                "Существительные в немецком всегда пишутся с заглавной буквы — это помогает "
                "быстро находить их в предложении.",
            ),
            callout=(
                "info",
                "Во множественном числе у всех родов один артикль — **die**.",
            ),
        ),
        LessonSpec(
            "sein-haben",
            "Глаголы sein и haben",
            20,
            "Два самых нужных глагола — sein (быть) и haben (иметь). Они неправильные, их "
            "формы придётся выучить наизусть, зато без них не обходится ни один разговор: "
            "Ich bin müde. Wir haben Zeit.",
            "Спряжение",
            (
                (
                    "ich bin — ich habe;",
                    "du bist — du hast;",
                    "er, sie, es ist — er, sie, es hat;",
                    "wir sind — wir haben;",
                    "ihr seid — ihr habt;",
                    "sie, Sie sind — sie, Sie haben.",
                ),
                "Sie с большой буквы — вежливое «Вы». С незнакомыми взрослыми людьми всегда "
                "начинайте с него.",
            ),
        ),
        LessonSpec(
            "word-order",
            "Порядок слов в предложении",
            25,
            "Главное правило немецкого синтаксиса: в утвердительном предложении спрягаемый "
            "глагол стоит на втором месте. На первое можно поставить подлежащее, время или "
            "место — глагол всё равно останется вторым.",
            "Вопросы",
            (
                "В вопросе с вопросительным словом глагол тоже второй: Wo wohnst du? В вопросе "
                "без вопросительного слова он встаёт на первое место: Wohnst du in Berlin?",
                "Сравните: Ich lerne heute Deutsch. Heute lerne ich Deutsch. Смысл один, но "
                "во втором предложении подлежащее пропустило глагол вперёд.",
            ),
            callout=(
                "warning",
                "Русский порядок «Сегодня я учу немецкий» дословно — ошибка. После "
                "«Heute» сначала идёт глагол.",
            ),
        ),
        LessonSpec(
            "shopping-and-cafe",
            "В магазине и кафе: полезные фразы",
            20,
            "На этом уроке соберём фразы, которые понадобятся в первой же поездке. Выучите их "
            "целиком, как блоки: грамматику можно разобрать потом, а заказать кофе нужно "
            "уже сегодня.",
            "Самые нужные фразы",
            (
                (
                    "Ich hätte gern einen Kaffee, bitte. — Мне, пожалуйста, кофе.",
                    "Was kostet das? — Сколько это стоит?",
                    "Kann ich mit Karte zahlen? — Можно заплатить картой?",
                    "Die Rechnung, bitte. — Счёт, пожалуйста.",
                    "Entschuldigung, wo ist der Bahnhof? — Извините, где вокзал?",
                ),
                "Отвечая, немцы часто говорят Gerne — «с удовольствием». Используйте его и вы: "
                "это звучит дружелюбно и естественно.",
            ),
        ),
    ),
)

OGE_MATH = CourseSpec(
    slug="oge-math",
    title="Математика: подготовка к ОГЭ",
    category="mathematics",
    teacher=TUTOR3,
    level="intermediate",
    course_type="individual",
    language="ru",
    price="1490",
    currency="RUB",
    hours=10,
    summary=(
        "Индивидуальные занятия с опытным преподавателем: повторяем алгебру и геометрию "
        "9 класса и разбираем задачи в формате экзамена."
    ),
    about=(
        "ОГЭ по математике проверяет не только знание формул, но и умение внимательно "
        "читать условие и не терять баллы на простых задачах. На индивидуальных занятиях мы "
        "находим ваши слабые темы и закрываем их по одной, а каждую неделю решаем пробный "
        "вариант."
    ),
    audience=(
        "Девятиклассникам, которые хотят сдать экзамен на «4» или «5», и их родителям, "
        "которым важно видеть прогресс ребёнка."
    ),
    outcomes=(
        "уверенно решать задачи первой части",
        "оформлять решения второй части так, чтобы их засчитали",
        "решать уравнения и читать графики функций",
        "применять основные теоремы геометрии",
    ),
    quote=("Математику уже затем учить следует, что она ум в порядок приводит.", "М. В. Ломоносов"),
    stats=(287, "4.80", 45),
    lessons=(
        LessonSpec(
            "exam-structure",
            "Как устроен экзамен",
            15,
            "Экзамен состоит из двух частей. В первой — задачи с кратким ответом: достаточно "
            "записать число. Во второй — задачи с развёрнутым решением, где оценивают и "
            "ответ, и ход рассуждений. На всё отводится почти четыре часа.",
            "Стратегия",
            (
                "Начинайте с первой части и решайте задачи по порядку, пропуская те, на "
                "которых застряли дольше пяти минут. Вернитесь к ним в конце.",
                "Оставьте не меньше получаса на перенос ответов в бланк и проверку. Обидно "
                "потерять балл из-за цифры, записанной не в ту клетку.",
            ),
            callout=(
                "tip",
                "Проверяйте себя по официальным демоверсиям ФИПИ: задания на экзамене "
                "устроены так же.",
            ),
        ),
        LessonSpec(
            "fractions-and-percent",
            "Дроби и проценты",
            25,
            "Половина ошибок в первой части — вычислительные. Чтобы складывать дроби, "
            "приведите их к общему знаменателю; чтобы делить, умножьте на перевёрнутую "
            "дробь. Десятичные дроби удобнее перевести в обыкновенные, если в задаче есть "
            "деление.",
            "Проценты",
            (
                "Процент — это сотая часть. Найти 15% от числа — значит умножить его на 0,15. "
                "Если цена выросла на 20%, новая цена равна старой, умноженной на 1,2.",
                "Типичная ловушка: после роста на 20% и падения на 20% цена не возвращается к "
                "исходной. 100 · 1,2 · 0,8 = 96.",
            ),
            callout=(
                "warning",
                "Проценты «от нового» и «от старого» значения — разные числа. Всегда "
                "уточняйте, от чего считается процент.",
            ),
        ),
        LessonSpec(
            "equations",
            "Линейные и квадратные уравнения",
            30,
            "Линейное уравнение решают, собирая неизвестные в одной части, а числа — в "
            "другой. Квадратное уравнение ax² + bx + c = 0 решают через дискриминант "
            "D = b² − 4ac.",
            "Сколько корней",
            (
                (
                    "D > 0 — два корня: x = (−b ± √D) / 2a;",
                    "D = 0 — один корень: x = −b / 2a;",
                    "D < 0 — действительных корней нет.",
                ),
                "Если b чётное или c равно нулю, есть способы быстрее: вынести x за скобку или "
                "воспользоваться теоремой Виета.",
            ),
            callout=(
                "tip",
                "Подставьте найденные корни в исходное уравнение. Это занимает минуту и "
                "ловит большинство ошибок.",
            ),
        ),
        LessonSpec(
            "functions-and-graphs",
            "Функции и их графики",
            25,
            "На экзамене нужно узнавать по графику три главных функции: прямую y = kx + b, "
            "параболу y = ax² + bx + c и гиперболу y = k/x. Каждый коэффициент меняет "
            "график предсказуемо.",
            "Что говорят коэффициенты",
            (
                "У прямой k — наклон: при k > 0 она возрастает, при k < 0 убывает; b — точка "
                "пересечения с осью y. У параболы знак a показывает, куда направлены ветви: "
                "вверх при a > 0.",
                "У гиперболы при k > 0 ветви лежат в первой и третьей четвертях, при k < 0 — "
                "во второй и четвёртой.",
            ),
        ),
        LessonSpec(
            "geometry",
            "Геометрия: треугольники и теорема Пифагора",
            30,
            "Треугольники встречаются почти в каждой геометрической задаче. Сумма углов "
            "треугольника — 180°, а в прямоугольном треугольнике квадрат гипотенузы равен "
            "сумме квадратов катетов: c² = a² + b².",
            "Подобие",
            (
                "Треугольники подобны, если два угла одного равны двум углам другого. Тогда "
                "их стороны пропорциональны, а площади относятся как квадрат коэффициента "
                "подобия.",
                "Всегда делайте аккуратный чертёж и отмечайте на нём всё, что дано. Часто "
                "решение становится видно прямо на рисунке.",
            ),
            callout=(
                "info",
                "Запомните «пифагоровы тройки»: 3, 4, 5 и 5, 12, 13. Они экономят время на "
                "вычислениях.",
            ),
        ),
    ),
)

LINEAR_ALGEBRA = CourseSpec(
    slug="linear-algebra",
    title="Линейная алгебра для программистов",
    category="mathematics",
    teacher=TUTOR3,
    level="advanced",
    course_type="self_paced",
    language="ru",
    price="2990",
    currency="RUB",
    hours=18,
    summary=(
        "Векторы, матрицы, определители и собственные значения — наглядно и с кодом на "
        "NumPy. Фундамент для машинного обучения и компьютерной графики."
    ),
    about=(
        "Линейная алгебра — язык, на котором говорят машинное обучение, компьютерная "
        "графика и анализ данных. В университете её часто дают как набор формул; здесь мы "
        "идём от геометрического смысла: каждая операция сначала рисуется, потом считается, "
        "а потом программируется."
    ),
    audience=(
        "Программистам и студентам технических специальностей, которые хотят понять "
        "математику за нейросетями. Нужна школьная алгебра и базовый Python."
    ),
    outcomes=(
        "понимать векторы и матрицы геометрически",
        "выполнять операции с ними в NumPy",
        "объяснять, что такое определитель и обратная матрица",
        "находить собственные векторы и понимать, зачем они нужны",
    ),
    quote=None,
    stats=(318, "4.90", 52),
    lessons=(
        LessonSpec(
            "vectors",
            "Векторы",
            20,
            "Вектор можно понимать тремя способами: как стрелку в пространстве, как "
            "упорядоченный список чисел и как объект, который умеет складываться и "
            "умножаться на число. Программисту ближе второй, математику — третий, но "
            "интуиция рождается из первого.",
            "Координаты",
            (
                "Вектор (3, 2) — это стрелка из начала координат: три шага вправо и два вверх. "
                "Каждое число — координата вдоль своей оси, а их количество называют "
                "размерностью.",
                "В машинном обучении объект описывают вектором признаков: квартиру — площадью, "
                "этажом, годом постройки. Размерность там бывает в тысячи, но правила те же.",
            ),
            video=(
                "https://www.youtube.com/watch?v=fNk_zzaMoSs",
                "3Blue1Brown: векторы, что это вообще такое (есть русские субтитры)",
            ),
        ),
        LessonSpec(
            "vector-operations",
            "Сложение векторов и скалярное произведение",
            25,
            "Векторы складывают покоординатно; геометрически это значит пройти по первой "
            "стрелке, а затем по второй. Умножение на число растягивает или сжимает вектор, а "
            "отрицательное число ещё и разворачивает его.",
            "Скалярное произведение",
            (
                "Скалярное произведение — сумма произведений координат. Оно равно произведению "
                "длин векторов на косинус угла между ними, поэтому по нему видно, насколько "
                "векторы сонаправлены.",
                "Если скалярное произведение равно нулю, векторы перпендикулярны. На этом "
                "основана косинусная близость, с помощью которой ищут похожие тексты.",
            ),
            code=(
                "python",
                "import numpy as np\n\n"
                "a = np.array([3, 2])\n"
                "b = np.array([1, -1])\n\n"
                "print(a + b)                    # [4 1]\n"
                "print(2 * a)                    # [6 4]\n"
                "print(a @ b)                    # 1\n"
                "cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))",
            ),
        ),
        LessonSpec(
            "matrices",
            "Матрицы как линейные преобразования",
            25,
            "Матрица — это не просто таблица чисел, а описание преобразования плоскости или "
            "пространства: поворота, растяжения, сдвига. Столбцы матрицы показывают, куда "
            "переходят базисные векторы.",
            "Как читать матрицу",
            (
                "Матрица [[0, −1], [1, 0]] переводит вектор (1, 0) в (0, 1), а (0, 1) в (−1, 0) "
                "— это поворот на 90° против часовой стрелки.",
                "Чтобы применить преобразование к вектору, умножьте матрицу на вектор. Каждая "
                "координата результата — скалярное произведение строки матрицы на вектор.",
            ),
            callout=(
                "tip",
                "Нарисуйте, куда переходят базисные векторы, — и вы поймёте любое "
                "преобразование без вычислений.",
            ),
            video=(
                "https://www.youtube.com/watch?v=kYB8IZa5AuE",
                "3Blue1Brown: линейные преобразования и матрицы",
            ),
        ),
        LessonSpec(
            "matrix-multiplication",
            "Умножение матриц",
            25,
            "Произведение матриц — это последовательное применение преобразований: сначала "
            "правое, потом левое. Поэтому порядок важен: повернуть и растянуть — не то же "
            "самое, что растянуть и повернуть.",
            "Правило размеров",
            (
                "Матрицу размера m × n можно умножить на матрицу n × k, и получится m × k. "
                "Внутренние размеры должны совпадать — это первая проверка при любой ошибке "
                "shapes not aligned в NumPy.",
                "В Python матрицы перемножают оператором @. Звёздочка * перемножает элементы "
                "поэлементно — это другая операция.",
            ),
            code=(
                "python",
                "rotate = np.array([[0, -1], [1, 0]])\n"
                "stretch = np.array([[2, 0], [0, 1]])\n\n"
                "print(rotate @ stretch)\n"
                "print(stretch @ rotate)   # другой результат: порядок важен\n"
                "print(rotate * stretch)   # поэлементно, не композиция",
            ),
            callout=(
                "warning",
                "Умножение матриц не коммутативно: в общем случае AB ≠ BA.",
            ),
        ),
        LessonSpec(
            "determinant",
            "Определитель",
            20,
            "Определитель показывает, во сколько раз преобразование меняет площадь (в "
            "пространстве — объём). Если определитель равен 2, любая фигура после "
            "преобразования станет вдвое больше.",
            "Нулевой и отрицательный",
            (
                "Нулевой определитель означает, что пространство сплющилось в прямую или "
                "точку. Такое преобразование нельзя обратить, поэтому у матрицы нет обратной.",
                "Отрицательный определитель говорит, что преобразование «переворачивает» "
                "плоскость, как зеркальное отражение.",
            ),
            code=(
                "python",
                "A = np.array([[3, 1], [0, 2]])\n"
                "print(np.linalg.det(A))     # 6.0\n"
                "print(np.linalg.inv(A) @ A)  # единичная матрица",
            ),
        ),
        LessonSpec(
            "eigenvectors",
            "Собственные векторы и значения",
            30,
            "Большинство векторов при преобразовании поворачиваются. Но есть особые векторы, "
            "которые остаются на своей прямой и только растягиваются. Это собственные "
            "векторы, а коэффициент растяжения — собственное значение.",
            "Где это применяется",
            (
                "Метод главных компонент ищет собственные векторы матрицы ковариаций, чтобы "
                "найти направления, вдоль которых данные меняются сильнее всего. Алгоритм "
                "PageRank ищет собственный вектор матрицы ссылок между страницами.",
                "В NumPy собственные значения и векторы возвращает функция np.linalg.eig.",
            ),
            code=(
                "python",
                "A = np.array([[2, 1], [1, 2]])\n"
                "values, vectors = np.linalg.eig(A)\n"
                "print(values)     # [3. 1.]\n"
                "print(vectors)    # столбцы — собственные векторы",
            ),
            callout=(
                "info",
                "Собственные векторы — столбцы матрицы vectors, а не строки. Это частая "
                "причина ошибок.",
            ),
        ),
    ),
)

PHYSICS = CourseSpec(
    slug="physics-mechanics",
    title="Физика: механика с нуля",
    category="school-subjects",
    teacher=TUTOR3,
    level="intermediate",
    course_type="live_group",
    language="ru",
    price="1490",
    currency="RUB",
    hours=16,
    summary=(
        "Занятия в группе для 9–11 классов: кинематика, законы Ньютона, энергия и импульс с "
        "разбором экзаменационных задач."
    ),
    about=(
        "Механика — основа школьной физики и треть заданий ЕГЭ. На курсе мы разбираем "
        "каждый закон на опытах и простых примерах, а потом учимся решать задачи по "
        "единой схеме: рисунок, силы, уравнения, ответ с единицами измерения."
    ),
    audience=(
        "Школьникам 9–11 классов, которые готовятся к ОГЭ или ЕГЭ по физике или хотят "
        "наконец понять, о чём параграфы в учебнике."
    ),
    outcomes=(
        "описывать движение с помощью графиков и формул",
        "расставлять силы и применять законы Ньютона",
        "решать задачи через закон сохранения энергии",
        "применять закон сохранения импульса к столкновениям",
    ),
    quote=("Природа проста и не роскошествует излишними причинами вещей.", "Исаак Ньютон"),
    stats=(264, "4.60", 31),
    lessons=(
        LessonSpec(
            "kinematics",
            "Кинематика: путь, скорость, ускорение",
            25,
            "Кинематика описывает движение, не спрашивая о его причинах. Её главные величины "
            "— перемещение, скорость и ускорение. Скорость показывает, как быстро меняется "
            "положение тела, ускорение — как быстро меняется скорость.",
            "Равноускоренное движение",
            (
                "Если ускорение постоянно, скорость растёт линейно: v = v₀ + at, а перемещение "
                "равно s = v₀t + at²/2. Этих двух формул хватает для большинства задач на "
                "разгон и торможение.",
                "График скорости от времени — прямая, а площадь под ней равна перемещению. "
                "Иногда проще посчитать площадь трапеции, чем подставлять в формулу.",
            ),
            callout=(
                "tip",
                "Прежде чем считать, переведите все величины в СИ: километры в час — в метры в "
                "секунду (разделите на 3,6).",
            ),
            video=(
                "https://www.youtube.com/watch?v=ZM8ECpBuQYE",
                "Crash Course Physics: движение по прямой (на английском)",
            ),
        ),
        LessonSpec(
            "newton-laws",
            "Законы Ньютона",
            25,
            "Три закона Ньютона связывают движение с его причинами — силами. Первый закон: "
            "если силы скомпенсированы, тело движется равномерно и прямолинейно или покоится. "
            "Второй: ускорение пропорционально равнодействующей силе, F = ma. Третий: тела "
            "действуют друг на друга с равными и противоположными силами.",
            "Схема решения задач",
            (
                (
                    "сделайте рисунок и выберите оси;",
                    "изобразите все силы, действующие на каждое тело;",
                    "запишите второй закон Ньютона в проекциях на оси;",
                    "решите систему уравнений и проверьте размерность ответа.",
                ),
                "Силы из третьего закона приложены к разным телам, поэтому они не "
                "уравновешивают друг друга.",
            ),
        ),
        LessonSpec(
            "forces",
            "Силы в природе: тяжесть, упругость, трение",
            25,
            "В школьной механике встречаются в основном три силы. Сила тяжести mg направлена "
            "вниз. Сила упругости по закону Гука пропорциональна деформации: F = kx. Сила "
            "трения скольжения равна μN и направлена против движения.",
            "Вес и сила тяжести",
            (
                "Вес — это сила, с которой тело давит на опору. Он равен mg, только если опора "
                "неподвижна или движется равномерно. В разгоняющемся вверх лифте вес больше "
                "mg, а в свободном падении равен нулю.",
                "Сила реакции опоры N не всегда равна mg: на наклонной плоскости она равна "
                "mg cos α.",
            ),
            callout=(
                "warning",
                "Не путайте массу и вес. Масса измеряется в килограммах и не зависит от "
                "опоры, вес — сила, он измеряется в ньютонах.",
            ),
        ),
        LessonSpec(
            "energy",
            "Работа и энергия",
            25,
            "Работа силы равна произведению силы на перемещение и на косинус угла между ними. "
            "Кинетическая энергия движущегося тела равна mv²/2, потенциальная энергия тела над "
            "землёй — mgh.",
            "Закон сохранения энергии",
            (
                "Если на тело не действуют трение и сопротивление, его полная механическая "
                "энергия сохраняется. Поэтому скорость камня у земли можно найти, не зная "
                "траектории: mgh = mv²/2, откуда v = √(2gh).",
                "Трение превращает механическую энергию во внутреннюю. Её потерю находят как "
                "работу силы трения.",
            ),
        ),
        LessonSpec(
            "momentum",
            "Импульс и закон сохранения импульса",
            25,
            "Импульс тела — произведение массы на скорость, p = mv. Это векторная величина: "
            "направление у импульса то же, что у скорости. В замкнутой системе суммарный "
            "импульс тел сохраняется при любых взаимодействиях.",
            "Столкновения",
            (
                "При неупругом ударе тела слипаются и дальше движутся вместе: "
                "m₁v₁ + m₂v₂ = (m₁ + m₂)v. Энергия при этом частично переходит в тепло.",
                "Закон сохранения импульса объясняет отдачу ружья и реактивное движение: "
                "ракета отбрасывает газ назад и сама получает импульс вперёд.",
            ),
            callout=(
                "tip",
                "Записывайте закон сохранения импульса в проекциях и следите за знаками: тело, "
                "летящее навстречу, имеет отрицательную проекцию скорости.",
            ),
        ),
    ),
)

COURSES: tuple[CourseSpec, ...] = (
    PYTHON_BASICS,
    PYTHON_DATA,
    PYTHON_INTERVIEW,
    HTML_CSS,
    JAVASCRIPT,
    GIT,
    ENGLISH_A1,
    BUSINESS_ENGLISH,
    GERMAN_A1,
    OGE_MATH,
    LINEAR_ALGEBRA,
    PHYSICS,
)

# Which course gets an English translation, with all its lessons.
TRANSLATED_COURSE = PYTHON_BASICS_EN
