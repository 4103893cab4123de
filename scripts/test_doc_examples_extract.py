"""Tests of doc-examples-extract.py (run by scripts/doc-examples.sh before it extracts)."""
import importlib.util
import os
import tempfile
import unittest

_spec = importlib.util.spec_from_file_location(
    "doc_examples_extract", os.path.join(os.path.dirname(os.path.abspath(__file__)), "doc-examples-extract.py"))
extract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(extract)


def blocks_of(markdown):
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as file:
        file.write(markdown)
    try:
        return list(extract.blocks(file.name))
    finally:
        os.unlink(file.name)


class TestDocExamplesExtract(unittest.TestCase):
    def test_shell_and_python_blocks_in_order_others_ignored(self):
        found = blocks_of("text\n```sh\necho a\n```\n```properties\nx=1\n```\n```bash\necho b\n```\n```python\nprint(1)\n```\n")
        self.assertEqual([(line, language, action, text) for line, language, action, _, text in found],
                         [(2, "sh", "run", "echo a\n"), (8, "sh", "run", "echo b\n"), (11, "py", "run", "print(1)\n")])

    def test_annotations_apply_to_the_next_block_across_blank_lines(self):
        found = blocks_of("<!-- example: skip — needs Keycloak -->\n\n```sh\nkc\n```\n<!-- example: server -->\n```sh\n./floe\n```\n")
        self.assertEqual([(action, reason) for _, _, action, reason, _ in found], [("skip", "needs Keycloak"), ("server", "")])

    def test_an_indented_block_is_an_example_too(self):
        found = blocks_of("1. step\n\n   ```sh\n   echo a\n     echo b\n   ```\n")
        self.assertEqual(found[0][4], "echo a\n  echo b\n")

    def test_mistakes_are_errors_not_silent_skips(self):
        for markdown in (
                "<!-- example: skp — typo -->\n```sh\nx\n```\n",            # unknown action
                "<!-- example: skip -->\n```sh\nx\n```\n",                   # a skip without a reason
                "<!-- example: skip — why -->\ntext\n```sh\nx\n```\n",       # text between
                "<!-- example: skip — why -->\n```json\n{}\n```\n",          # not an example
                "<!-- example: skip — why -->\n",                             # no block at all
                "<!-- example skip — why -->\n```sh\nx\n```\n",              # unreadable
                "```sh\nx\n"):                                                # never closed
            with self.subTest(markdown=markdown), self.assertRaises(extract.ExtractError):
                blocks_of(markdown)

    def test_expected_output_is_the_trailing_comment_lines(self):
        self.assertEqual(extract.expected_output("run\n# note\nprint()\n# 1\tLisbon\n# 2\tOslo\n"), ["1\tLisbon", "2\tOslo"])
        self.assertEqual(extract.expected_output("run\n"), [])


if __name__ == "__main__":
    unittest.main()
