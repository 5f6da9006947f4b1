"""Hand-made extraction records for tests of the RDF, Neo4j and query stages (no extraction)."""

from __future__ import annotations

from graph.record import (Actor, Case, Criticism, ExtractionRecord, Gap, PartOf, Position, ReportMeta,
                          Statement, Statistic)

HOSTILE = '"}) DETACH DELETE n //'


def sample_record(report_id: str = "r1", content_hash: str = "h1", *, extra_gaps=(), date="2019-03-14",
                  hostile: bool = False) -> ExtractionRecord:
    ngo = f"Watch {HOSTILE} `x`" if hostile else "Legal Aid Network"
    return ExtractionRecord(
        report=ReportMeta(file=f"{report_id}.txt", id=report_id, title=f"Report {report_id}", date=date,
                          country="Cambodia", content_hash=content_hash, format="text"),
        actors=[
            Actor("Chan Dara", "Person", ["Dara"]),
            Actor("Sok Malis", "Person"),
            Actor("Ministry of Social Affairs", "Ministry", ["social affairs ministry"]),
            Actor("National Committee for Counter Trafficking", "Committee", ["NCCT"]),
            Actor("Government of Cambodia", "GovernmentBody", ["government"]),
            Actor("Anti-Human Trafficking Department", "LawEnforcement"),
            Actor(ngo, "NGO"),
            Actor("ព្រះរាជាណាចក្រ Kampot Court", "Court"),
        ],
        positions=[Position("Chan Dara", "Ministry of Social Affairs", "Minister", "Minister Chan Dara said."),
                   Position("Sok Malis", "NCCT", "Deputy Director", "Sok Malis, deputy director of the NCCT.")],
        part_of=[PartOf("Anti-Human Trafficking Department", "Government of Cambodia", "The department reports …")],
        gaps=[Gap("Ministry of Social Affairs", "victim-distrust-of-justice", "Dara", "Survivors distrust courts."),
              Gap("NCCT", "victim-distrust-of-justice", "Sok Malis", "Victims lost faith."),
              Gap("Ministry of Social Affairs", "insufficient-funding", "Dara", "Funding is short."),
              Gap("government", "slow-response", None, f"{ngo} said the response was slow."),
              *extra_gaps],
        statistics=[Statistic(310, "trafficking cases", 2018, "Sok Malis", "NCCT", "310 cases in 2018.")],
        statements=[Statement("Sok Malis", "Survivors do not believe the courts", "“Survivors do not believe the courts …”")],
        criticisms=[Criticism(ngo, "government", "The NGO said the response was slow.")],
        cases=[Case("Raid on a border compound", 2019, "Poipet", "rescued", "labour",
                    ["Anti-Human Trafficking Department"], ["Chan Dara"], victims=23, suspects=4,
                    evidence="Police rescued 23 workers.")],
    )
