"""Property-based fuzzing of every reader of a file or argument (Hypothesis).

`mutate.py` damages a valid file in the ways files get damaged; each `test_*.py` feeds one reader with it and
checks the reader's contract. A new reader joins with a test file that calls `mutate.damaged(valid_bytes)`.
Run more examples with `HYPOTHESIS_PROFILE=thorough`.
"""
