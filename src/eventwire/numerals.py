"""Number words and the values they stand for ("a dozen" -> 12, "thousands" -> 2000).

Read by the amounts stage (counts: "dozens of protesters") and the dates stage ("three days
ago"); a vague plural is given a round value of its order.
"""

from __future__ import annotations

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "dozen": 12,
    "a dozen": 12,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
    "millions": 2e6,
}
