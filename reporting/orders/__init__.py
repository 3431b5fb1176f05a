"""Orders of the reporting service: the order form, pricing, the quote."""
