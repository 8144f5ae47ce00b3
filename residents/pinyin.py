"""Pinyin of people's names, for search (``zs`` finds 张三) and for sorting.

pypinyin reads characters as common words, which is wrong for many surnames:
单 is shan (not dan), 曾 is zeng (not ceng), 解 is xie … A name's surname is read
from this table first; the given name is left to pypinyin.
"""

from pypinyin import Style, lazy_pinyin

# Compound surnames first, so that 单于 is not read as 单 + 于.
SURNAME_READINGS = {
    "欧阳": ["ou", "yang"],
    "司马": ["si", "ma"],
    "诸葛": ["zhu", "ge"],
    "上官": ["shang", "guan"],
    "尉迟": ["yu", "chi"],
    "万俟": ["mo", "qi"],
    "长孙": ["zhang", "sun"],
    "单于": ["chan", "yu"],
    "令狐": ["ling", "hu"],
    "皇甫": ["huang", "fu"],
    "东方": ["dong", "fang"],
    "慕容": ["mu", "rong"],
    "单": ["shan"],
    "曾": ["zeng"],
    "解": ["xie"],
    "仇": ["qiu"],
    "朴": ["piao"],
    "区": ["ou"],
    "查": ["zha"],
    "盖": ["ge"],
    "乐": ["yue"],
    "覃": ["qin"],
    "召": ["shao"],
    "繁": ["po"],
    "员": ["yun"],
    "秘": ["bi"],
    "黑": ["he"],
    "种": ["chong"],
    "任": ["ren"],
    "缪": ["miao"],
    "折": ["she"],
    "翟": ["zhai"],
    "藏": ["zang"],
    "宓": ["mi"],
    "尉": ["yu"],
    "句": ["gou"],
    "过": ["guo"],
    "柏": ["bai"],
    "薄": ["bo"],
    "卜": ["bu"],
    "重": ["chong"],
    "都": ["du"],
    "华": ["hua"],
    "纪": ["ji"],
    "隽": ["juan"],
    "阚": ["kan"],
    "瞿": ["qu"],
    "沈": ["shen"],
    "石": ["shi"],
    "洗": ["xian"],
    "冼": ["xian"],
    "燕": ["yan"],
    "叶": ["ye"],
    "郇": ["huan"],
}


def name_syllables(name):
    """The syllables of a Chinese name, with its surname read as a surname."""
    name = (name or "").strip()
    for length in (2, 1):
        surname = name[:length]
        if len(name) > length and surname in SURNAME_READINGS:
            return SURNAME_READINGS[surname] + _syllables(name[length:])
    return _syllables(name)


def _syllables(text):
    # Latin letters (a foreign name) pass through as they are; other symbols are dropped.
    return [
        "".join(ch for ch in part if ch.isalnum())
        for part in lazy_pinyin(text, style=Style.NORMAL, errors="default")
        if any(ch.isalnum() for ch in part)
    ]


def given_name(name):
    """'三' for 张三, '修' for 欧阳修: the name without its surname, so that a given name
    alone finds the person through an index. A name not in Chinese characters has none."""
    name = (name or "").strip()
    if len(name) < 2 or not "\u3400" <= name[0] <= "\u9fff":
        return ""
    surname = 2 if name[:2] in SURNAME_READINGS and len(name) > 2 else 1
    return name[surname:]


def search_keys(name):
    """The keys a person's name is found and sorted by (``Person`` fields)."""
    return {
        "name_pinyin": name_pinyin(name),
        "name_initials": name_initials(name),
        "given_name": given_name(name),
    }


def name_pinyin(name):
    """'zhangsan' for 张三: the stored search and sort key."""
    return "".join(name_syllables(name)).lower()


def name_initials(name):
    """'zs' for 张三."""
    return "".join(syllable[0] for syllable in name_syllables(name)).lower()
