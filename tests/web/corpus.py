"""Short articles written for the web tests (not taken from any real source).

`web-ref` is in the style of the reference article: a defence official says the US *could*
send cluster munitions, with quotes whose speaker is a pronoun. `web-xss` carries script and
attribute payloads in its title, url, source and text; the tests prove none of them runs.
"""

from __future__ import annotations

from typing import Any

REF_TEXT = (
    "\n".join(
        (
            "Defense official tells senators US could send cluster munitions to Ukraine",
            (
                "A senior Defense Department official told senators on Tuesday that the United "
                "States could send Ukraine cluster munitions if its supply of standard "
                "artillery shells runs short."
            ),
            (
                "Speaking to the Senate Armed Services Committee, Assistant Secretary of "
                "Defense Maria Holloway said the department would review older stocks of the "
                'weapons. She said the failure rate of the rounds was "below 2 percent," far '
                "lower than that of the munitions Russia has fired in Ukraine."
            ),
            (
                '"No decision has been made," Holloway said. "But we owe Ukraine a serious look '
                'at every option."'
            ),
            (
                "The Convention on Cluster Munitions bans the use and transfer of the weapons. "
                "The United States, Ukraine and Russia have not joined it."
            ),
            (
                'Senator Paul Brennan, a Democrat, called the idea "dangerous" and warned that '
                "unexploded bomblets would kill civilians for years."
            ),
            "Ukraine's foreign ministry urged Congress to approve the transfer quickly.",
        )
    )
    + "\n"
)

XSS_TITLE = "<script>window.__xss=1</script> Minister says talks with Morocco will go on"
XSS_TEXT = (
    "\n".join(
        (
            "<script>window.__xss=1</script> Minister says talks with Morocco will go on",
            (
                "Foreign Minister Ana Ruiz said on Monday that Spain would keep talking with "
                'Morocco. "<img src=x onerror=window.__xss=2> We will not walk away," she told '
                "reporters."
            ),
            (
                'The ministry said the talks "\\"><svg onload=window.__xss=3>" would continue '
                "next week ' onmouseover='window.__xss=4' x='."
            ),
            (
                "Morocco accused Spain of <b onclick=window.__xss=5>ignoring</b> its concerns "
                "about the border."
            ),
        )
    )
    + "\n"
)

ARTICLES: list[dict[str, Any]] = [
    {"id": "web-ref", "published": "2024-03-12", "text": REF_TEXT},
    {
        "id": "web-xss",
        "published": "2024-02-05",
        "title": XSS_TITLE,
        "url": "javascript:window.__xss=6",
        "source": "<i onmouseover=window.__xss=7>Evil Wire</i>",
        "text": XSS_TEXT,
    },
    {
        "id": "web-geo",
        "published": "2024-01-15",
        "text": (
            "NATO ministers will meet next week in Vilnius as allies weigh more aid\n"
            "NATO defence ministers will meet next week in Vilnius to discuss more air defence "
            "systems for Ukraine, officials said on Monday.\n"
            "The foreign ministers of Venezuela and Guyana met in Brasília on Thursday and "
            "pledged not to use force.\n"
        ),
    },
    {
        "id": "web-conflict",
        "published": "2024-04-20",
        "text": (
            "Russian shelling kills four in Kharkiv, Ukraine says\n"
            "Russian forces shelled the city of Kharkiv on Friday, killing four civilians, the "
            "regional governor said.\n"
            'Ukraine accused Russia of deliberately targeting homes. "They are hitting places '
            'where there are no soldiers," Governor Oleh Marchenko said.\n'
            "Russia's defence ministry denied the accusation.\n"
        ),
    },
]

# Where web-geo's first event takes place (added by the test fixture when the extractor
# does not geocode it).
PLACE: dict[str, Any] = {"name": "Vilnius", "country": "LTU", "lat": 54.6892, "lon": 25.2798}
