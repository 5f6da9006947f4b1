"""Title and date rules (graph/loaders/metadata.py) on the layouts real files have; the
texts are fictional."""

from __future__ import annotations

from datetime import date

import pytest

from graph.loaders import load_report
from graph.loaders.metadata import choose_title, is_placeholder_title, text_date, title_year


@pytest.mark.parametrize("text, title", [
    ("Boats and Children: a Harbour Review\n\nIn 2031 the police inspected 40 boats.", "Boats and Children: a Harbour Review"),
    # a first paragraph is no title
    ("In 2031 the Harbour Police of Nordland inspected forty fishing boats in three ports and "
     "found children on eleven of them.\n\nThe court convicted 3 owners.", None),
    # a chapter label and a section number are skipped for the headline after them
    ("CHAPTER 2\n\nForced Labour at Sea\n\nIn 2031 the police ...", "Forced Labour at Sea"),
    ("II. Legal Framework\n\nThe law sets the minimum age at 15.", None),
    # a site name and a web address are no title
    ("www.harbourwatch.example\n\nRaids in Port Vell\nBy Dara Chan\n\nPolice raided 3 boats.", "Raids in Port Vell"),
    # the title of a news dump, its date line under it
    ("Nordland rescues 27 children\nDate: 2031-03-04 10:00\nSource: https://news.example/a\n\nPolice said ...",
     "Nordland rescues 27 children"),
    # a data row of a table at the top is no title
    ("Percent 12.3 (40,337) 83.7 12.4 105.2\n\nIn 2031 the ministry reported ...", None),
])
def test_title_rules(text, title):
    assert choose_title(None, text) == title


def test_site_name_given_by_the_page_is_no_title():
    assert choose_title(None, "Harbour Watch\n\nRaids in Port Vell\n\nPolice raided boats.", site_name="Harbour Watch") \
        == "Raids in Port Vell"


def test_metadata_title_wins_unless_it_is_a_placeholder():
    assert choose_title("2031 Findings on Child Work: Nordland", "Nordland\n\nText.") == "2031 Findings on Child Work: Nordland"
    assert choose_title("Microsoft Word - draft3.docx", "Nordland Review\n\nText.") == "Nordland Review"
    assert is_placeholder_title("report_final.pdf") and is_placeholder_title(None) and not is_placeholder_title("Nordland")


@pytest.mark.parametrize("text, published", [
    ("Raids in Port Vell\nPublished: 14 March 2031\n\nPolice ...", date(2031, 3, 14)),
    ("Raids in Port Vell\nMarch 3, 2031\n\nPolice ...", date(2031, 3, 3)),
    ("Raids in Port Vell\nMar. 3, 2031\n\nPolice ...", date(2031, 3, 3)),
    # a copyright line dates the publisher's notice, not the report
    ("Raids in Port Vell\n© March 3, 2029 Harbour Press\n\nPolice ...", None),
    ("Raids in Port Vell\nCopyright 2029. All rights reserved.\nPosted: 2031-05-01\n", date(2031, 5, 1)),
    # a date deep in the text is an event, not the publication
    ("Raids\n\n" + "Police raided boats.\n" * 20 + "March 3, 2031\n", None),
])
def test_date_rules(text, published):
    assert text_date(text) == published


def test_year_from_the_title_only_when_it_names_one():
    assert title_year("2031 Findings on Child Work: Nordland") == 2031
    assert title_year("Child Work 2029-2031") is None and title_year(None) is None


def test_text_report_title_and_date(tmp_path):
    path = tmp_path / "raid.txt"
    path.write_text("Raids in Port Vell\n© 2029 Harbour Press\nMarch 3, 2031\n\nIn 2031 the Harbour Police raided "
                    "3 boats and rescued 27 children, officials said on Monday.\n", encoding="utf-8")
    report = load_report(path)
    assert report.title == "Raids in Port Vell" and report.date == date(2031, 3, 3)
