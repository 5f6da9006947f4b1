"""One report's actor table: one body written several ways is one actor; two countries' bodies
are never one."""

from graph.extract.actors import ActorTable

COUNTRIES = {"Orlandia": ("Orlandia", "Orlandian"), "Norland": ("Norland", "Norlandic")}


def test_a_body_with_or_without_its_countrys_name_is_one_actor():
    t = ActorTable(COUNTRIES)
    key = t.add("Orlandian National Police", "LawEnforcement", country="Orlandia")
    assert t.add("National Police", "LawEnforcement", country="Orlandia") == key
    assert t.add("National Police of Orlandia", "LawEnforcement", country="Orlandia") == key


def test_another_countrys_body_of_the_same_name_stays_apart():
    t = ActorTable(COUNTRIES)
    ours = t.add("National Police", "LawEnforcement", country="Orlandia")
    theirs = t.add("Norlandic National Police", "LawEnforcement", country="Norland")
    assert ours != theirs


def test_word_order_small_words_and_task_force_spelling_do_not_make_two_actors():
    t = ActorTable(COUNTRIES)
    key = t.add("Anti-Smuggling in Persons Division", "GovernmentBody", country="Orlandia")
    assert t.add("Division of Anti-Smuggling in Persons", "GovernmentBody", country="Orlandia") == key
    welfare = t.add("Ministry for Fishers' Welfare", "Ministry", country="Orlandia")
    assert t.add("Ministry of Fishers' Welfare", "Ministry", country="Orlandia") == welfare
    force = t.add("Harbour Crimes Task Force", "Committee", country="Orlandia")
    assert t.add("Harbour Crimes Taskforce", "Committee", country="Orlandia") == force


def test_people_are_never_merged_by_spelling():
    t = ActorTable(COUNTRIES)
    assert t.add("Dara Sok", "Person") != t.add("Sok Dara", "Person")
