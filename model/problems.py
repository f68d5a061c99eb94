"""Problems found while reading a form file, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Problem", "DocumentError", "problems_text"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where it is and what to do, in Chinese."""

    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    place: str = ""  # the place in the form: goal / level / indicator / field
    key: str = ""  # the TOML key path, e.g. goals[1].levels[0].weight
    suggestion: str = ""  # an unknown key: the valid key it was probably meant to be

    def location(self) -> str:
        where = self.file or "<输入>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        parts = [self.location()]
        if self.place:
            parts.append(self.place)
        parts.append(self.message)
        return ": ".join(parts)


@dataclass
class DocumentError(Exception):
    """A file that cannot be loaded. `problems` holds every problem found."""

    problems: list[Problem] = field(default_factory=list)
    # kind: "read" (cannot read the file), "syntax" (not TOML), "office" (a
    # Word or Excel file: to be imported, not opened), "invalid" (TOML that is
    # not a valid form).
    kind: str = "invalid"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def summary(self, limit: int | None = None, *, places: bool = False) -> str:
        """The problems on one line: see `problems_text`."""
        return problems_text(self.problems, limit, places=places)


def problems_text(problems: list[Problem], limit: int | None = None, *,
                  places: bool = False) -> str:
    """The messages (of the first `limit` problems) on one line, joined by
    "；": what a status line or a dialog says; `places`: each with its file,
    line and place in the form (`str(problem)`)."""
    return "；".join(str(p) if places else p.message for p in problems[:limit])
