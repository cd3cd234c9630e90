"""The class game (make app-class): two students' browsers each play one subject.

The server runs with the game's flag on, on loopback as every test server does (the
flag is what makes ``make app-class`` listen on the classroom network). The teacher's
page starts a game and shows a join code; each student's page at /join joins with it
and plays its own subject of the one shared society.
"""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import TIMEOUT_MS, Offline, start_server

# one server per module: under xdist (make test: --dist loadgroup) the module stays on one worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-game")]
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[app]'")
expect = sync_api.expect
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("game"), "game", CREDIT_ABM_CLASS_GAME="1")


def test_two_students_each_play_a_subject_of_one_society(browser, server):
    contexts = [Offline(browser, viewport={"width": 1280, "height": 720}) for _ in range(3)]
    try:
        teacher = contexts[0].page(server.url)
        expect(teacher.locator(".monitor-period")).to_have_text("0")
        teacher.get_by_role("tab", name="Class game").click()
        teacher.locator(".cr-game-start").click()
        code = teacher.locator(".cr-join-code")
        expect(code).to_have_text(re.compile(r"^\d{4}$"))
        join_code = code.inner_text()

        students = [ctx.page(server.url + "?join") for ctx in contexts[1:]]
        first = students[0]
        first.locator(".cr-join-input input").fill("0000" if join_code != "0000" else "1111")
        first.locator(".cr-name-input input").fill("Ana")
        first.locator(".cr-join-button").click()
        expect(first.get_by_text("not the join code")).to_be_visible()
        subjects = []
        for pg, name in zip(students, ("Ana", "Bo"), strict=True):
            pg.locator(".cr-join-input input").fill(join_code)
            pg.locator(".cr-name-input input").fill(name)
            pg.locator(".cr-join-button").click()
            expect(pg.locator(".cr-subject")).to_contain_text("Your subject")
            subjects.append(pg.locator(".cr-subject .v-card__title").inner_text())
        assert subjects[0] != subjects[1]
        expect(teacher.locator(".cr-game-status")).to_contain_text("2 students")

        # Ana breaks faith, Bo keeps it; the period runs once both have chosen
        for t in range(1, 4):
            students[0].locator(".cr-break").click()
            expect(students[0].locator(".cr-waiting")).to_be_visible()
            students[1].locator(".cr-keep").click()
            for pg in (*students, teacher):
                expect(pg.locator(".monitor-period")).to_have_text(str(t))
            for pg in students:
                expect(pg.locator(".cr-situation")).to_contain_text(f"after period {t}.")
        expect(students[1].locator(".cr-history")).not_to_contain_text("broke faith")
        expect(students[0].locator(".cr-history")).not_to_contain_text("kept faith")
        # the teacher can move on without waiting; a student who did not choose is
        # left to the model's own rule
        teacher.locator(".cr-game-next").click()
        for pg in students:
            expect(pg.locator(".monitor-period")).to_have_text("4")
        steps = [e for e in server.events() if e["event"] == "game-step"]
        assert [e["forced"] for e in steps] == [2, 2, 2, 0]
    finally:
        for ctx in contexts:
            ctx.close()
