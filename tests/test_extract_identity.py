"""One identity per real body, scoped by country: a generic state-body name in a report about one
country is that country's body, never the gazetteer's entry of another country (fictional texts)."""

from __future__ import annotations

from graph.extract import extract
from graph.loaders.text import parse_text

STATE = {"Ministry", "Committee", "LawEnforcement", "Court", "GovernmentBody"}


def _record(text: str, name: str = "identity-2019.txt"):
    return extract(parse_text(text, path=name, fmt="text"))


INDONESIA = """Inspectors stretched thin across the archipelago
Date: 2019-06-02

JAKARTA - Indonesia's Ministry of Manpower employs too few labor inspectors, officials said.
The Council of Ministers approved a new regulation in March, and the Ministry of Health opened two
clinics for returned migrant workers. The Ministry of Justice has yet to prosecute any recruiter.
The Indonesian government said the National Assembly would debate the bill next year.
"""


def test_generic_names_take_the_report_country():
    rec = _record(INDONESIA)
    assert rec.report.country == "Indonesia"
    for name in ("Council of Ministers", "Ministry of Health", "Ministry of Justice"):
        actor = rec.actor(name)
        assert actor is not None, name
        assert actor.country == "Indonesia", (name, actor.country)
    assert not [a.name for a in rec.actors if a.type in STATE and a.country not in {"Indonesia", None}]


def test_a_body_named_with_its_country_keeps_that_country():
    rec = _record("""Border talks
Date: 2018-01-10

BANGKOK - Thailand's labour officials met the Royal Thai Police on Monday. Cambodia's Ministry of
Justice sent two prosecutors, and the Ministry of Labour of Thailand hosted the meeting.
""")
    assert rec.report.country == "Thailand"
    assert rec.actor("Royal Thai Police").country == "Thailand"
    cambodian = [a for a in rec.actors if a.name.startswith("Ministry of Justice")]
    assert cambodian and all(a.country == "Cambodia" for a in cambodian)


def test_possessive_is_not_part_of_a_head_first_name():
    rec = _record(INDONESIA.replace("the Ministry of Health opened", "the Ministry of Health's staff opened"))
    assert rec.actor("Ministry of Health") is not None
    assert not [a.name for a in rec.actors if a.name.endswith("'s")]


def test_a_generic_force_is_the_report_countrys_force():
    rec = _record("""Security forces
Date: 2021-04-01

VIENTIANE, Laos - Police detained four labour brokers in the capital, and the armed forces patrolled the
border with Thailand. Burma's military said it had closed two crossings.
""")
    assert rec.report.country == "Laos"
    police = rec.actor("Lao police")
    assert police is not None and police.type == "LawEnforcement" and police.country == "Laos"
    assert rec.actor("Lao armed forces").country == "Laos"
    assert rec.actor("Burmese military").country == "Burma"  # the gazetteer's body, by its alias


def test_a_force_inside_a_law_title_is_no_actor():
    rec = _record("""Statutes
Date: 2016-02-01

PHNOM PENH - Article 9 of the Law on the Statute of Military Personnel of the Royal Cambodian Armed Forces
sets the minimum age of recruitment at 18.
""")
    assert rec.actor("Royal Cambodian Armed Forces") is None


def test_a_table_rows_chair_and_members_are_part_of_the_rows_body():
    rec = _record("""Table 8. Key Mechanisms to Coordinate Government Efforts
Date: 2020-01-01

Coordinating Body
Harbour Commission
Against Forced Labour (HCFL)

Role & Description
Coordinates inspections of fishing ports. Develops the national plan against forced labour.
Chaired by the Ministry of Fisheries. Other members include the Timor-Leste National Police;
Harbour Workers Union Confederation; the NGO Tide Watch; and the Ministry of Justice. Met twice.
""")
    parts = {(p.part, p.whole) for p in rec.part_of}
    whole = "Harbour Commission Against Forced Labour"
    assert rec.actor(whole) is not None
    for member in ("Ministry of Fisheries", "National Police of Timor-Leste", "Harbour Workers Union Confederation",
                   "Ministry of Justice"):
        assert (member, whole) in parts, (member, parts)


def test_part_of_from_the_phrasings_of_security_force_summaries():
    rec = _record("""Security forces
Date: 2022-03-01

VIENTIANE, Laos - The Ministry of Public Security maintains order; the ministry oversees local, traffic, and
border police. The armed forces, under the Ministry of Defense, guard the frontier. The Border Guard Police is
administratively part of the Lao Police Force. Both fall under the Ministry of Home Affairs.
""")
    parts = {(p.part, p.whole) for p in rec.part_of}
    assert ("Lao police", "Ministry of Public Security") in parts
    assert ("Lao armed forces", "Ministry of Defense") in parts
    assert ("Border Guard Police", "Lao Police Force") in parts
    assert ("Border Guard Police", "Ministry of Home Affairs") in parts
    assert ("Lao Police Force", "Ministry of Home Affairs") in parts


def test_posts_of_heads_of_government_and_foreign_officials():
    rec = _record("""Malaysia names a new cabinet
Date: 2021-08-30

KUALA LUMPUR, Malaysia - The Malaysian parliament approved Aziz Rahman as prime minister on Monday. The coalition is led by
the new prime minister, Aziz Rahman. US Deputy Secretary of State Jane Corder met Thai Prime Minister Somchai
Wattana in Bangkok, and US President John Harlow said talks would go on.
""")
    posts = {(p.person, p.org) for p in rec.positions}
    assert ("Aziz Rahman", "Government of Malaysia") in posts
    assert ("Jane Corder", "U.S. Department of State") in posts
    assert ("Somchai Wattana", "Government of Thailand") in posts
    assert ("John Harlow", "Government of the United States") in posts
    assert not [a.name for a in rec.actors if a.name == "Ministry of State"]


def test_one_body_noting_anothers_shortfall_criticises_it():
    rec = _record("""Task forces
Date: 2019-05-01

JAKARTA, Indonesia - The National Anti-Trafficking Task Force notes that some Provincial Task Forces lack
sufficient funding. The Border Bureau maintained nine agents at the port.
""")
    assert ("Provincial Task Forces", "insufficient-funding") in {(g.org, g.gap) for g in rec.gaps}
    assert {(c.critic, c.target) for c in rec.criticisms} == {("National Anti-Trafficking Task Force",
                                                               "Provincial Task Forces")}
    assert [s.speaker for s in rec.statements] == ["National Anti-Trafficking Task Force"]  # "maintained nine agents": no speech


def test_cases_named_as_such_and_cases_with_only_people():
    rec = _record("""Court watch
Date: 2020-06-01

DILI, Timor-Leste - In 2020, the Vulnerable Persons Unit handled one international case involving a 15-year-old
girl lured across the border. The 2018 case against a district official remained under investigation.
Police arrested farm owner Mateus Lobo Saturday after a raid on his plantation.
""")
    cases = {(c.year, tuple(c.agencies), tuple(c.people)) for c in rec.cases}
    assert (2020, ("Vulnerable Persons Unit",), ()) in cases
    assert (2018, ("Government of Timor-Leste",), ()) in cases
    assert any("Mateus Lobo" in c.people for c in rec.cases)


def test_an_acronym_the_report_defines_is_the_reports_body():
    rec = _record("""Police units
Date: 2019-02-01

YANGON, Burma - The Myanmar Police Force's Anti-Trafficking in Persons Division (ATIPD) rescued 31 children.
The ATIPD also trained border officers.
""")
    assert not [a.name for a in rec.actors if a.country == "Thailand"]


def test_a_country_the_gazetteer_does_not_know_still_yields_its_bodies():
    rec = _record("""Orlandia steps up labour inspections
Date: 2022-04-10

PORT ELLIS - The Orlandian Ministry of Labour and Social Welfare said on Monday that its Labour Inspectorate had
too few inspectors to cover the fishing fleet. The National Task Force against Human Trafficking (NTFHT), chaired
by the Ministry of Justice, met twice. The Coastal Police Command arrested 12 brokers on Friday. Maria Ostrova,
director of the Harbour Light Foundation, said shelters were full. The Orlandian Supreme Court upheld two
convictions.
""", name="orlandia-2022.txt")
    types = {a.name: a.type for a in rec.actors}
    assert types["Orlandian Ministry of Labour and Social Welfare"] == "Ministry"
    assert types["Labour Inspectorate"] == "GovernmentBody"
    assert types["National Task Force against Human Trafficking"] == "Committee"
    assert "NTFHT" in rec.actor("NTFHT").aliases
    assert types["Coastal Police Command"] == "LawEnforcement"
    assert types["Harbour Light Foundation"] == "NGO"
    assert types["Orlandian Supreme Court"] == "Court"
    assert types["Ministry of Justice"] == "Ministry"
    assert ("Ministry of Justice", "National Task Force against Human Trafficking") in {
        (p.part, p.whole) for p in rec.part_of}
    assert ("Labour Inspectorate", "insufficient-capacity") in {(g.org, g.gap) for g in rec.gaps}
    assert not [a for a in rec.actors if a.country]  # no other country's identity is borrowed


def test_units_named_after_their_body_are_part_of_it():
    rec = _record("""Table 5. Agencies responsible
Date: 2018-03-01

Organization/Agency
Ministry of Fisheries (MOF) Directorate General of Port Supervision and Directorate of Crew Welfare

JAKARTA, Indonesia - The Coast Guard, including its Child Protection Unit, patrols the straits. The Coast Guard's
Investigation Division opened nine files.
""")
    parts = {(p.part, p.whole) for p in rec.part_of}
    assert ("Directorate General of Port Supervision", "Ministry of Fisheries") in parts
    assert ("Directorate of Crew Welfare", "Ministry of Fisheries") in parts
    assert ("Child Protection Unit", "Coast Guard") in parts
    assert ("Investigation Division", "Coast Guard") in parts


def test_one_body_spelt_two_ways_in_one_report_is_one_actor():
    rec = _record("""Inspections
Date: 2016-01-01

BANGKOK, Thailand - The Department of Labour Protection and Welfare inspected 300 boats. The Department of
Labor, Protection, and Welfare also trained inspectors. The Inter-Agency Council on Fishing and the
Interagency Council on Fishing met in May.
""")
    names = [a.name for a in rec.actors]
    assert sum(n.startswith("Department of Lab") for n in names) == 1
    assert sum("gency Council on Fishing" in n for n in names) == 1


def test_a_table_cell_name_wrapped_over_lines_is_one_name():
    rec = _record("""Table 5. Agencies Responsible
Date: 2019-03-01

Organization/Agency
Ministry of Fisheries Directorate of
Port Supervision of Women Workers
Provides inspections of ports.
National Committee on Child
Plan of Action on child labor. Includes concerned ministries, businesses, trade unions, and NGOs.
""")
    names = {a.name for a in rec.actors}
    assert any(n.endswith("Directorate of Port Supervision of Women Workers") for n in names), names
    assert not any("Plan of Action" in n for n in names)  # a description column is not the name's tail


def test_a_bare_head_is_a_reference_not_a_name():
    rec = _record("""Task forces
Date: 2019-05-01

JAKARTA, Indonesia - The National Council met in May. The Task Force visited two ports, and the Harbour Task Force
inspected 40 boats.
""")
    names = {a.name for a in rec.actors}
    assert "Harbour Task Force" in names
    assert not names & {"National Council", "Task Force"}


def test_a_body_named_after_the_cue_does_not_take_the_speakers_gap():
    rec = _record("""Courts
Date: 2020-05-01

PHNOM PENH, Cambodia - Separately, the Ministry of Justice said survivors had lost faith in the justice system, a
concern shared by the National Committee for Counter Trafficking.
""")
    gaps = {(g.org, g.gap) for g in rec.gaps}
    assert ("Ministry of Justice", "victim-distrust-of-justice") in gaps
    assert ("National Committee for Counter Trafficking", "victim-distrust-of-justice") in gaps
    assert not rec.criticisms
