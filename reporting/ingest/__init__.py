"""Getting data in: readers, validation, derivations and the atomic load."""
