"""The Links panel: who links to the open pattern, who names it without a link, and what to fix."""
