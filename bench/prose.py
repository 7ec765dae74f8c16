# ruff: noqa: SIM905 (word lists read best as prose)
"""Deterministic prose in the six UN languages, in the vocabulary of the working group."""

import random

FILLER = {
    "en": "the of and to in a for that is on with as by States be this are it at from their should an which".split(),
    "fr": "le la les de des et à en du un une pour que dans sur par est au qui avec ces leur être doit".split(),
    "es": "el la los las de del y en a para que un una por con su sus es se al como debe ser".split(),
    "ru": "и в на с по для что как не это его их к о от а также должны быть".split(),
    "ar": "في من على إلى أن عن مع هذا التي الذي بين كما ذلك هذه أو قد".split(),
}
DOMAIN = {
    "en": (
        "capacity-building cooperation security information communications technologies norms responsible "
        "behaviour international law confidence-building measures points contact directory threats critical "
        "infrastructure incident response cooperation regional dialogue institutional mechanism voluntary "
        "transparency resilience assistance needs mapping exercise portal programme action repository "
        "ransomware supply chain vulnerability disclosure attribution sovereignty humanitarian proportionality "
        "accountability gender perspective stakeholders academia industry implementation consensus"
    ).split(),
    "fr": (
        "renforcement capacités coopération sécurité information communication technologies normes comportement "
        "responsable droit international mesures confiance points contact répertoire menaces infrastructures "
        "critiques réponse incidents dialogue régional mécanisme institutionnel volontaire transparence "
        "résilience assistance besoins programme action rançongiciel vulnérabilités souveraineté"
    ).split(),
    "es": (
        "creación capacidad cooperación seguridad información comunicaciones tecnologías normas comportamiento "
        "responsable derecho internacional medidas fomento confianza puntos contacto directorio amenazas "
        "infraestructuras críticas respuesta incidentes diálogo regional mecanismo institucional voluntario "
        "transparencia resiliencia asistencia necesidades programa acción"
    ).split(),
    "ru": (
        "наращивание потенциала сотрудничество безопасность информационных коммуникационных технологий нормы "
        "ответственного поведения международное право меры доверия контактные пункты справочник угрозы "
        "критической инфраструктуры реагирование инцидентов диалог региональный механизм добровольный "
        "прозрачность устойчивость помощь потребности программа действий"
    ).split(),
    "ar": (
        "بناء القدرات التعاون الأمن المعلومات الاتصالات التكنولوجيا القواعد السلوك المسؤول القانون الدولي "
        "تدابير الثقة نقاط الاتصال الدليل التهديدات البنية التحتية الحيوية الاستجابة للحوادث الحوار الإقليمي "
        "آلية مؤسسية طوعية الشفافية المرونة المساعدة الاحتياجات برنامج عمل"
    ).split(),
    "zh": (
        "能力建设 合作 安全 信息 通信 技术 规范 负责任 行为 国际法 建立信任 措施 联络点 名录 威胁 关键 "
        "基础设施 事件 响应 区域 对话 机制 自愿 透明度 韧性 援助 需求 方案 行动 国际合作 主权 人道主义"
    ).split(),
}
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
CHARS_PER_PAGE = 3000


def _weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]  # Zipf: a few words everywhere, most rarely


def page_text(rng: random.Random, language: str, chars: int = CHARS_PER_PAGE) -> str:
    domain = DOMAIN[language]
    domain_weights = _weights(len(domain))
    parts, size = [], 0
    if language == "zh":
        while size < chars:
            sentence = "".join(rng.choices(domain, domain_weights, k=rng.randint(6, 14)))
            parts.append(sentence + rng.choice("，。"))
            size += len(parts[-1])
        return "".join(parts)
    filler = FILLER[language]
    while size < chars:
        words = [
            rng.choice(filler) if rng.random() < 0.45 else rng.choices(domain, domain_weights)[0]
            for _ in range(rng.randint(8, 20))
        ]
        sentence = " ".join(words)
        parts.append(sentence[0].upper() + sentence[1:] + ".")
        size += len(parts[-1]) + 1
    return " ".join(parts)


def language_for(index: int) -> str:
    # Shares like the working group's papers: mostly English, every language present.
    cycle = ["en"] * 8 + ["fr"] * 4 + ["es"] * 3 + ["ru"] * 2 + ["ar"] * 2 + ["zh"] * 1
    return cycle[index % len(cycle)]
