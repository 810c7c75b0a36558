"""What every card view shares: the question on top, the verdict below, messages
up to the study screen (``Answered``, ``RevealAsked``, ``Rated``) and the outcomes
of this card down from it. Each kind's view draws its own parts.

A card whose deck asks for a picture (``quizapp.pictures``) has it built from the
instance's numbers in a worker thread while the question is on screen; it is
drawn under the question and its answer box (``at = "question"``) or under the
verdict, once the card is answered (the default: a plot of the card's own numbers nearly always
shows the answer)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from quizapp.kinds import Reveal
from quizapp.session import Outcome, Question
from quizapp.tui.render import FRAME, Drawing, Framed, existing, framing, group, heading, note_ahead, t
from quizapp.tui.widgets.drawn import Drawn
from quizapp.tui.widgets.prose import Prose


class AnswerBox(Input):
    """The answer box. Once the card is answered it stays on screen, with what was
    typed, and keeps the focus, but is locked: moving the focus or hiding the box
    restyles widgets and lays the screen out again on the way to the verdict's
    frame (~2–3 ms, then a second layout when Textual moves the focus of a hidden
    box). Characters typed while it is locked are meant for the next card, so they
    go on up to the screen, which keeps them for it."""

    locked = False
    _EDITS = frozenset({"delete_left", "delete_right", "delete_left_word", "delete_right_word", "delete_left_all",
                        "delete_right_all", "cut", "paste", "submit"})

    # Input's own keys (backspace, ctrl+u, Enter…), run as they reach the box: Textual looks a
    # key's binding up only once the key has bubbled up to the app, a message hop per
    # container on the way, while a character is typed into the box at once; keys that
    # arrive together ("12", backspace, "3", Enter) were applied out of order, and Enter
    # waited ~0.6 ms. Copy is left to the app (with nothing selected it gives way to the
    # app's own ctrl+c).
    _OWN = {b.key: b.action for b in Binding.make_bindings(Input.BINDINGS) if b.action != "copy"}

    async def on_key(self, event: events.Key) -> None:
        if self.locked and event.is_printable:
            event.prevent_default()  # not into the box; the event goes on up
            return
        action = self._OWN.get(event.key)
        if action is None or not self.check_action(action.partition("(")[0], ()):
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

    def on_paste(self, event: events.Paste) -> None:
        if self.locked:
            event.prevent_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action in self._EDITS:
            return False
        return super().check_action(action, parameters)

    @property
    def typing(self) -> bool:
        """Keys typed now go into the box."""
        return self.display and not self.locked


class VerdictPane(VerticalScroll):
    """Where the verdict appears: the room under the answer box, sized while the card
    is asked (``CardView.fit_pane``) and scrolled on its own when the verdict is
    longer.

    The verdict's frame needs no layout at all: the verdict's widget is as tall as
    the pane before there is anything in it, and its round frame is part of what it
    shows (``render.Framed``), so an empty verdict shows nothing and a verdict is
    painted into a region that does not move. A verdict longer than the pane is
    shown cut at the pane's foot in that frame, then given its full height in the
    next one, where the pane's scrollbar appears in the gutter kept for it (so no
    line wraps differently). With less than ``LEAST`` lines of room, the pane and
    the verdict grow with what they show instead, and the card scrolls."""

    DEFAULT_CSS = """
    VerdictPane {
        scrollbar-gutter: stable;
    }
    VerdictPane > .verdict-pane--frame {
        color: $accent;
    }
    """
    LEAST = 8
    can_focus = False
    COMPONENT_CLASSES = {"verdict-pane--frame"}

    @property
    def fixed(self) -> bool:
        """The pane has its room (not growing with the verdict)."""
        height = self.styles.height
        return height is not None and not height.is_auto


class CardView(Vertical):
    """The card in front of the learner. The screen sets ``question`` and ``state``
    and calls ``draw()``; answers go up as messages."""

    answer_mode: ClassVar[str] = "typed"

    class Answered(Message):
        def __init__(self, text: str):
            super().__init__()
            self.text = text

    class RevealAsked(Message):
        pass

    class Rated(Message):
        def __init__(self, rating: int):
            super().__init__()
            self.rating = rating

    class PictureReady(Message):
        """The card's picture, built in a worker."""

        def __init__(self, picture):
            super().__init__()
            self.picture = picture

    def __init__(self, question: Question, **kwargs):
        super().__init__(**kwargs)
        self.question = question
        self.state = "asking"  # the session's state: asking, revealed, answered, finished
        self.outcomes: list[tuple[Outcome, str]] = []  # this card's answers (steps: one per stage)
        self.revealed: Reveal | None = None
        self.picture = None  # quizapp.pictures.Picture, once built
        self._parts: dict[object, object] = {}  # part() and drawn(): found once
        self._frame: Style | None = None  # the frame's style in the theme (_frame_style)

    @property
    def lang(self) -> str:
        return self.app.lang

    def part(self, selector, expect_type=None):
        """``query_one(selector, expect_type)``, found once: a view's parts stay for its
        life, and each look-up walks the view (a dozen of them in a verdict's frame)."""
        key = (selector, expect_type)
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = (self.query_one(selector, expect_type) if expect_type is not None
                                        else self.query_one(selector))
        return found

    def drawn(self) -> list[Drawn]:
        """The view's Drawn parts (the study screen paints them at once in a verdict's frame)."""
        found = self._parts.get("drawn")
        if found is None:
            found = self._parts["drawn"] = list(self.query(Drawn))
        return found

    def send(self, message: Message) -> None:
        """Send an answer, a reveal or a rating to the screen: straight to it, not bubbling
        up through the card's containers (a message hop each)."""
        self.screen.post_message(message)

    def compose(self) -> ComposeResult:
        yield Drawn(id="card-question")
        yield from self.compose_answer()
        yield Vertical(id="card-picture-question", classes="card-picture")  # under the answer box: both stay in view
        with VerdictPane(id="card-verdict-pane"):
            yield Drawn(id="card-verdict")
            yield Vertical(id="card-picture-verdict", classes="card-picture")

    def on_mount(self) -> None:
        for box in self.query(".card-picture"):
            box.display = False
        self.call_after_refresh(self.fit_pane)
        self.call_after_refresh(self.draw_ahead)  # once the card is on screen, while it is read
        # the verdict's frame is content, drawn in the theme's colour: a new theme draws it again
        self.watch(self.app, "theme", lambda _theme: self.call_after_refresh(self._redraw_in_theme), init=False)
        if "picture" in getattr(self.question.instance.template, "spec", {}):
            self.build_picture()

    @work(thread=True, exclusive=True, exit_on_error=False, group="picture")
    def build_picture(self) -> None:
        from quizapp.pictures import picture_for

        picture = picture_for(self.question.instance)
        if picture is not None:
            self.post_message(self.PictureReady(picture))

    async def on_card_view_picture_ready(self, message: PictureReady) -> None:
        from quizapp.tui.widgets.picture import PictureView

        message.stop()
        self.picture = message.picture
        height = max(7, min(14, self.app.size.height // 3))
        await self.part(f"#card-picture-{self.picture.at}", Vertical).mount(
            PictureView(self.picture, plot_height=height))
        self.draw()

    def compose_answer(self) -> ComposeResult:
        """The widgets between the question and the verdict."""
        return iter(())

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_pane)

    def fit_pane(self) -> None:
        """Give the verdict's pane the room the card has left under the answer box, and
        the verdict the pane's height; with less than ``VerdictPane.LEAST`` lines left,
        both grow with the verdict and the card scrolls (a verdict's frame then lays
        out the card again)."""
        if not self.is_mounted:
            return
        pane = self.part(VerdictPane)
        card = self.parent
        if not isinstance(card, Widget) or not card.size or not pane.region:
            return
        above = pane.region.y - card.scrollable_content_region.y + round(card.scroll_y)
        room = card.scrollable_content_region.height - above
        verdict = self.part("#card-verdict", Drawn)
        fixed = room >= VerdictPane.LEAST
        height = str(room) if fixed else "auto"
        inner = room - verdict.styles.margin.height
        long = verdict.content != "" and verdict.size and verdict.lines() > inner  # shown whole, the pane scrolls
        inner = str(inner) if fixed and not long else "auto"
        if str(pane.styles.height) != height:
            pane.styles.height = height
        if str(verdict.styles.height) != inner:
            verdict.styles.height = inner
        verdict.display = fixed or verdict.content != ""

    # -- drawing

    def draw(self) -> None:
        """Draw everything from the question, the state and this card's outcomes."""
        self.part("#card-question", Drawn).show(self.question_text())
        self.draw_verdict(self.verdict_text())
        self.draw_picture()
        if self.state != "answered":  # what is above the pane may have grown (a steps card's stages)
            self.call_after_refresh(self.fit_pane)

    def draw_verdict(self, shown: RenderableType | None) -> None:
        """Show ``shown`` framed in the verdict's pane (None: nothing). In a pane that
        has its room the verdict is painted without a layout, cut at the pane's foot
        if it is longer; the next frame gives it its full height, and the pane
        scrolls."""
        pane = self.part(VerdictPane)
        verdict = self.part("#card-verdict", Drawn)
        if shown is None:
            verdict.show("")
            verdict.display = pane.fixed
            return
        verdict.display = True
        if verdict.show(Framed(shown, self._frame_style())):
            self.call_after_refresh(self._unfold_verdict, True)  # measured after its frame, not before

    def _unfold_verdict(self, if_long: bool = False) -> None:
        """Give the verdict its full height (``if_long``: only if it is cut)."""
        verdict = self.part("#card-verdict", Drawn)
        height = verdict.styles.height
        if height is None or height.is_auto or not verdict.size:
            return
        if not if_long or verdict.lines() > verdict.content_size.height:
            verdict.styles.height = "auto"

    def draw_picture(self) -> None:
        """Show the picture where it belongs now, in the app's language."""
        if self.picture is None:
            return
        from quizapp.tui.widgets.picture import PictureView

        box = self.part(f"#card-picture-{self.picture.at}", Vertical)
        box.display = self.picture.at == "question" or self.card_done()
        if box.display and self.picture.at == "verdict":
            self._unfold_verdict()  # the picture right under the verdict, not under the pane's room
        for view in box.query(PictureView):
            view.relabel(self.lang)

    def card_done(self) -> bool:
        """The whole card has been answered (every stage of a steps card)."""
        last = self.outcomes[-1][0] if self.outcomes else None
        return last is not None and last.card_done and last.word != "again"

    def question_text(self) -> RenderableType:
        q = self.question
        head = Text()
        head.append(q.title(self.lang), style="bold")
        if q.again:
            head.append("  " + t("study.again_card", self.lang), style="italic yellow")
        head.append("\n\n")
        head.append(q.instance.prompt[self.lang])
        return Prose(head)

    def verdict_text(self) -> RenderableType | None:
        last = self.outcomes[-1][0] if self.outcomes else None
        if last is None:
            return None
        if last.word == "again":
            return Prose(heading(last, self.lang))
        if not last.card_done:
            return None
        return self.outcome_text(last, self.outcomes[-1][1])

    def outcome_text(self, o: Outcome, typed: str) -> RenderableType:
        """The whole card's verdict; each kind adds what it shows."""
        return group([Prose(heading(o, self.lang)), *self.ahead_parts()])

    def ahead_parts(self) -> list[Drawing]:
        """The verdict's parts that do not depend on the answer, in the order it shows
        them (each kind says which): drawn ahead, while the card is asked."""
        return existing(note_ahead(self.question.instance.note, self.lang))

    def draw_ahead(self) -> None:
        """Draw ``ahead_parts`` as the verdict will show them: framed, in the verdict's
        style, at its width (and at the width it has when the card scrolls), so the
        verdict's frame only draws what depends on the answer."""
        if not self.is_mounted or self.state != "asking":
            return
        verdict = self.part("#card-verdict", Drawn)
        if not verdict.size:
            return
        width = verdict.content_size.width
        widths = {width}
        if isinstance(self.parent, Widget):
            widths.add(width - self.parent.styles.scrollbar_size_vertical)  # the card's, when it scrolls
        base = verdict.visual_style.rich_style
        frame = framing(base, self._frame_style())  # as Framed draws its lines on the verdict's style
        for part in self.ahead_parts():
            for w in widths:
                if w > FRAME:
                    part.framed(self.app.console, self.app.console_options, w - FRAME, base, frame)

    def _frame_style(self) -> Style:
        """The verdict frame's style: the pane's component style, kept until the theme changes."""
        if self._frame is None:
            self._frame = self.part(VerdictPane).get_component_rich_style("verdict-pane--frame", partial=True)
        return self._frame

    def _redraw_in_theme(self) -> None:
        """Draw again in a new theme, once its styles are in (the frame's colour with them)."""
        if self.is_mounted:
            self._frame = None
            self.draw()

    def focus_answer(self) -> None:
        """Give focus to whatever takes the answer now (at once, not after the next
        frame: keys typed ahead of the card's first frame go to it)."""
        self.screen.set_focus(self, scroll_visible=False)

    def key_label(self, binding_id: str) -> str | None:
        """This view's own key descriptions (None: the catalog's ``key.<id>``)."""
        return None
