"""Shared by the PDF tests: a URL fetcher that records what WeasyPrint asked for."""

from drafting.renderers.pdf import StaticOnlyFetcher


class SpyFetcher(StaticOnlyFetcher):
    """The real static-only fetcher, recording every URL WeasyPrint asks for in ``asked``."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)
