"""What a user sees of the pickers (communitypolice/core/pickers.py) on a page."""

import re

# The code tables that stay lists, whatever their length (民族: 58 of them).
CODE_TABLE_SELECTS = ("ethnicity",)


def options(content):
    """The <option>s a page lists, but for the code tables' own lists."""
    for name in CODE_TABLE_SELECTS:
        content = re.sub(rf'<select name="{name}".*?</select>', "", content, flags=re.S)
    return content.count("<option")


def offered(content):
    """The records a page's pickers show: those chosen and the matches of a search."""
    choice = r'<input class="form-check-input flex-shrink-0" type="(?:radio|checkbox)"'
    return len(re.findall(choice, content))


def pickers(content):
    """How many pickers a page shows."""
    return content.count('<div class="picker')


def search(client, url, field, text="", **params):
    """What a picker's endpoint answers to ``text`` typed into ``field``'s search box."""
    query = {"field": field, "id": f"id_{field}", f"{field}-q": text, **params}
    response = client.get(url, query)
    assert response.status_code == 200
    return response
