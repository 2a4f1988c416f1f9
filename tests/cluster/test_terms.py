"""Term vectors: background idf makes names heavy and news vocabulary light."""

from __future__ import annotations

from broadsheet.cluster.terms import cosine, idf, term_vector, words


def test_rare_names_outweigh_common_words():
    assert idf("harambe") > idf("gorilla") > idf("people")


def test_stop_words_possessives_and_news_vocabulary_are_dropped():
    assert words("Trump's call: Putin said, reports say") == ["trump", "call", "putin"]


def test_name_runs_become_one_term():
    vector = term_vector("North Korea fires missile over Japan", "")
    assert "north korea" in vector


def test_vectors_are_unit_length_and_cosine_is_symmetric():
    a = term_vector("Gorilla killed at Cincinnati zoo", "A boy fell into the enclosure.")
    b = term_vector("Cincinnati zoo shoots gorilla", "The boy is safe.")
    assert abs(cosine(a, a) - 1.0) < 1e-9
    assert cosine(a, b) == cosine(b, a) > 0.3
    assert term_vector("", "") == {}
