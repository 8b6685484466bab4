"""Protocol conformance: the Jupyter project's jupyter_kernel_test suite against our kernel.

Every test of the suite that applies to a Java kernel is configured below; the two that do not
apply are removed rather than skipped: the pager (Java has no `?` help that pages) and
clear_output (not part of the notebook API we offer). Below the suite: what a JShell user
expects, every class plain `jshell` resolves without an import resolves in a cell too.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import unittest
from pathlib import Path

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

from conftest import KERNEL_NAME, STARTUP_TIMEOUT, Kernel, require_kernelspec
from paramlab_kernel_manager import NewPortsBlockingKernelManager


# A tablesaw-jsplot Figure, displayed: the kernel sends it as Plotly JSON.
PLOT = (
    'display(LinePlot.create("line", Table.create("xy", DoubleColumn.create("x", new double[] {1, 2, 3}),'
    ' DoubleColumn.create("y", new double[] {3, 1, 2})), "x", "y"));'
)

# A library figure (a PlotlyFigure: its JSON written once, sent as text) shown every way a cell shows a value:
# display(), updateDisplay() and Out[n].
LIBRARY_FIGURE = (
    'Figure libraryFigure = new LineChart("t", "x", "y").line("a", new double[] {1, 2, 3}, new double[] {1.5, 0.25, 2})'
    '.figure();\n'
    'String libraryFigureId = display(libraryFigure);\n'
    'updateDisplay(libraryFigureId, libraryFigure);\n'
    'libraryFigure'
)


class ParamLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("an error line");'

    # JShell suggestions: members of a String expression, then a class name prefix.
    completion_samples = [
        {"text": '"abc".toUpperC', "matches": {"toUpperCase("}},
        {"text": "Math.sqr", "matches": {"sqrt("}},
        {"text": "System.currentTimeM", "matches": {"currentTimeMillis()"}},
    ]

    complete_code_samples = [
        "1 + 1",
        "int x = 3;",
        'System.out.println("hi");',
        "void greet() { System.out.println(1); }",
        "for (int i = 0; i < 3; i++) { x += i; }",
    ]
    incomplete_code_samples = [
        "void greet() {",
        "for (int i = 0; i < 3; i++) {",
        "class Point {\n  int x;",
        'String s = "abc" +',
    ]

    code_generate_error = 'throw new IllegalStateException("expected in a test");'

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": '"ab" + "cd"', "result": "abcd"},  # Strings shown as text, as IJava does
        {"code": "Math.max(3, 7)", "result": "7"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
        {"code": 'Table.create("t", IntColumn.create("n", new int[] {1, 2}))', "mime": "text/html"},
        {"code": 'render("<b>bold</b>", "text/html")', "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'display("shown by display()");', "mime": "text/plain"},
        {"code": 'display(render("<b>bold</b>", "text/html"));', "mime": "text/html"},
        {"code": 'display(Table.create("t", IntColumn.create("n", new int[] {1, 2})));', "mime": "text/html"},
        {"code": PLOT, "mime": "application/vnd.plotly.v1+json"},
    ]

    code_inspect_sample = "Math"

    # history_request: tail, range and search (glob pattern, unique, n), as the messaging spec says.
    # The pattern matches one of code_execute_result's cells, which the suite runs several times.
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "Math.max*"

    # Not applicable to this kernel: removed, not skipped.
    test_pager = None
    test_clear_output = None

    @classmethod
    def setUpClass(cls) -> None:
        """jupyter_kernel_test's own setUpClass is jupyter_client's start_new_kernel; this is the same
        start (kernelspec, local provisioner, blocking client, wait_for_ready) with the manager that
        starts a kernel again on new ports if another process took one of its ports first, as
        JupyterLab's restarter does. Every message the tests see comes from the kernel as launched."""
        require_kernelspec(cls.kernel_name)
        cls.km = NewPortsBlockingKernelManager(kernel_name=cls.kernel_name)
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        try:
            cls.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except RuntimeError:
            cls.kc.stop_channels()
            cls.km.shutdown_kernel(now=True)
            raise

    def test_kernel_info_language(self) -> None:
        """kernel_info is schema-valid and describes Java for syntax highlighting."""
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=15)
        validate_message(reply, "kernel_info_reply", msg_id)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["protocol_version"].split(".")[0], "5")
        info = content["language_info"]
        self.assertEqual(info["name"], "java")
        self.assertTrue(info.get("mimetype"), f"language_info has no mimetype: {info}")
        self.assertTrue(info.get("version"), f"language_info has no version: {info}")
        self.assertIn(
            "java", str(info.get("codemirror_mode", info["name"])).lower(),
            f"language_info.codemirror_mode should select Java highlighting: {info}",
        )

    def test_history_replies(self) -> None:
        """A history request always gets a schema-valid reply (never silence)."""
        self.execute_helper("int historyProbe = 41 + 1;")
        for histargs in (
            {"hist_access_type": "tail", "n": 5},
            {"hist_access_type": "range", "session": 0, "start": 0, "stop": 10},
            {"hist_access_type": "search", "pattern": "*historyProbe*"},
        ):
            with self.subTest(**histargs):
                self.flush_channels()
                msg_id = self.kc.history(output=False, raw=True, **histargs)
                reply = self.get_non_kernel_info_reply(timeout=15)
                validate_message(reply, "history_reply", msg_id)
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertIsInstance(reply["content"]["history"], list)

    def test_error_names_exception_and_line(self) -> None:
        """The traceback of a runtime error names the exception and the cell line."""
        self.flush_channels()
        reply, output = self.execute_helper('int a = 1;\nint b = 2;\nthrow new ArithmeticException("at line three");')
        self.assertEqual(reply["content"]["status"], "error")
        text = "\n".join(
            [reply["content"].get("ename", ""), reply["content"].get("evalue", "")]
            + reply["content"].get("traceback", [])
        )
        self.assertIn("ArithmeticException", text)
        self.assertIn("at line three", text)
        self.assertRegex(text, r"(?i)line\D{0,5}3", f"traceback does not name cell line 3:\n{text}")

    def test_compile_error_shows_line_and_column(self) -> None:
        """A compile error shows the offending line and where in it."""
        self.flush_channels()
        reply, output = self.execute_helper("int ok = 1;\nint bad = undefinedName + 1;")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual([m["msg_type"] for m in output], ["error"])
        text = "\n".join(output[0]["content"]["traceback"])
        self.assertIn("undefinedName", text)
        self.assertRegex(text, r"(?i)line\D{0,5}2", f"compile error does not name line 2:\n{text}")

    def test_complete_magic_names(self) -> None:
        """After %, completion offers the magic names."""
        self.flush_channels()
        msg_id = self.kc.complete("%mav", 4)
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "complete_reply", msg_id)
        self.assertTrue(
            any(m.lstrip("%").startswith("maven") for m in reply["content"]["matches"]),
            f"no %maven among {reply['content']['matches']}",
        )

    def test_is_complete_indent(self) -> None:
        """An unfinished block asks for more input with an indent."""
        self.flush_channels()
        msg_id = self.kc.is_complete("void f() {")
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "is_complete_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "incomplete")
        self.assertTrue(reply["content"].get("indent", "").strip(" \t") == ""
                        and len(reply["content"].get("indent", "")) > 0,
                        f"expected a whitespace indent, got {reply['content']!r}")

    def test_inspect_method(self) -> None:
        """inspect shows the signature of a method at the cursor."""
        self.flush_channels()
        code = "Math.sqrt(2.0)"
        msg_id = self.kc.inspect(code, cursor_pos=code.index("sqrt") + 2)
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "inspect_reply", msg_id)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("sqrt", reply["content"]["data"]["text/plain"])

    def test_inspect_shows_javadoc(self) -> None:
        """inspect shows the javadoc, not only the signature, for a bare class name and a method.
        JShell reads it from the JDK's lib/src.zip (Debian: package openjdk-17-source)."""
        cases = [
            ("Math", len("Math"), "java.lang.Math", "basic numeric operations"),
            ("Math.max(3, 7)", len("Math.ma"), "Math.max(int a, int b)", "greater of two"),
        ]
        for code, cursor, signature, javadoc_words in cases:
            with self.subTest(code=code):
                self.flush_channels()
                msg_id = self.kc.inspect(code, cursor_pos=cursor)
                reply = self.get_non_kernel_info_reply(timeout=15)
                validate_message(reply, "inspect_reply", msg_id)
                self.assertTrue(reply["content"]["found"], reply["content"])
                text = reply["content"]["data"]["text/plain"]
                self.assertIn(signature, text)
                self.assertIn(javadoc_words, " ".join(text.split()),
                              f"no javadoc in the inspect reply (is the JDK's lib/src.zip installed?): {text[:500]!r}")

    def test_figure_is_sent_as_a_json_object(self) -> None:
        """A Figure's Plotly payload is a JSON object with traces, not a string."""
        self.flush_channels()
        reply, output = self.execute_helper(PLOT)
        self.assertEqual(reply["content"]["status"], "ok")
        data = [m["content"]["data"] for m in output if m["msg_type"] == "display_data"]
        self.assertEqual(len(data), 1, output)
        figure = data[0]["application/vnd.plotly.v1+json"]
        self.assertIsInstance(figure, dict)
        self.assertEqual(figure["data"][0]["x"], [1, 2, 3])
        self.assertIn("text/plain", data[0])

    def test_a_library_figure_is_a_valid_json_object_in_every_message_that_shows_it(self) -> None:
        """display_data, update_display_data, execute_result and a user expression of a library figure: each
        message is valid by the messaging spec (execute_helper validates every one), and each carries the figure
        as a JSON object with its traces, beside its text/html (Plotly.newPlot) and text/plain fallbacks."""
        self.flush_channels()
        reply, output = self.execute_helper(LIBRARY_FIGURE)
        self.assertEqual(reply["content"]["status"], "ok")
        shown = {m["msg_type"]: m["content"] for m in output if "data" in m["content"]}
        self.assertEqual(set(shown), {"display_data", "update_display_data", "execute_result"}, output)

        self.flush_channels()
        msg_id = self.kc.execute("int afterTheFigure = 1;", user_expressions={"fig": "libraryFigure"})
        expression_reply = self.get_non_kernel_info_reply(timeout=30)
        validate_message(expression_reply, "execute_reply", msg_id)
        expression = expression_reply["content"]["user_expressions"]["fig"]
        self.assertEqual(expression["status"], "ok", expression)
        shown["user_expressions"] = expression

        for kind, content in shown.items():
            with self.subTest(kind=kind):
                data = content["data"]
                figure = data["application/vnd.plotly.v1+json"]
                self.assertIsInstance(figure, dict)
                self.assertEqual(figure["data"][0]["x"], [1, 2, 3])
                self.assertEqual(figure["data"][0]["y"], [1.5, 0.25, 2])
                self.assertEqual(figure["layout"]["title"]["text"], "t")
                self.assertIn("Plotly.newPlot", data["text/html"])
                self.assertEqual(data["text/plain"], 'Figure "t" with 1 trace')
                self.assertEqual(content["metadata"], {})
        display_id = shown["display_data"]["transient"]["display_id"]
        self.assertEqual(shown["update_display_data"]["transient"]["display_id"], display_id)
        self.assertEqual(shown["execute_result"]["execution_count"], reply["content"]["execution_count"])
        self.assertNotIn("transient", shown["execute_result"])
        self.flush_channels()

    def test_comm_info(self) -> None:
        """comm_info gets a valid reply."""
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=15)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")


# A cell (fully qualified, so it needs no import) listing the public top-level classes of the
# packages given (and java.lang), read from the JDK's own module image.
LIST_PUBLIC_CLASSES = """
java.util.Set<String> packages = new java.util.TreeSet<>(java.util.List.of("java.lang"));
for (String line : new String[] {%s}) {
    String module = line.replaceFirst("^module ", ""); // jshell 25 lists `import module java.base` as "java.base"
    if (line.endsWith(".*")) {
        packages.add(line.substring(0, line.length() - 2)); // "java.util.*" -> "java.util"
    } else if (ModuleLayer.boot().findModule(module).isPresent()) {
        ModuleLayer.boot().findModule(module).get().getDescriptor().exports().stream()
                .filter(e -> !e.isQualified()).forEach(e -> packages.add(e.source()));
    } else {
        throw new IllegalArgumentException("not a package or module import: " + line);
    }
}
java.nio.file.FileSystem jrt = java.nio.file.FileSystems.getFileSystem(java.net.URI.create("jrt:/"));
StringBuilder publicClasses = new StringBuilder();
for (String pkg : packages) {
    try (var modules = java.nio.file.Files.list(jrt.getPath("/packages", pkg))) {
        for (var module : modules.toList()) {
            try (var files = java.nio.file.Files.list(jrt.getPath("/modules", module.getFileName().toString(), pkg.replace('.', '/')))) {
                for (var file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".class") || name.contains("$") || name.contains("-")) continue;
                    Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - 6), false, ClassLoader.getSystemClassLoader());
                    if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) publicClasses.append(c.getName()).append(' ');
                }
            }
        }
    }
}
publicClasses.toString().strip()
"""


def jshell_default_imports(java_home: str) -> list[str]:
    """What plain `jshell` of that JDK imports at start, as its own /imports command lists it."""
    done = subprocess.run([str(Path(java_home) / "bin" / "jshell"), "-q"], input="/imports\n/exit\n",
                          capture_output=True, text=True, timeout=180)
    imports = re.findall(r"\|\s+import (\S.*?)\s*$", done.stdout, re.M)
    assert imports, f"no /imports listed by plain jshell:\n{done.stdout}\n{done.stderr}"
    return imports


def unresolved_names(compile_errors: str) -> set[str]:
    """Simple names a compiler said it cannot find, finds ambiguous, or will not use (preview APIs)."""
    return set(re.findall(r"symbol:\s+(?:class|variable)\s+(\w+)", compile_errors)
               + re.findall(r"reference to (\w+) is ambiguous", compile_errors)
               + re.findall(r"(?:[\w.]+\.)?(\w+) is a preview API", compile_errors))


def assert_resolves_what_jshell_resolves(kernel: Kernel) -> str:
    """Every public class of plain jshell's default imports (and java.lang) that plain jshell
    resolves by its simple name resolves by that name in a cell, to the same class. Returns a summary."""
    java_home = kernel.value('System.getProperty("java.home")')
    imports = jshell_default_imports(java_home)
    listed = kernel.value(LIST_PUBLIC_CLASSES % ", ".join(f'"{i}"' for i in imports), timeout=120).strip('"').split()
    classes = {name.rsplit(".", 1)[1]: name for name in sorted(set(listed))}  # simple name -> class
    assert len(classes) > 300, f"too few classes listed for {imports}: {listed[:20]}"
    # plain jshell, given the names: those it does not resolve (ambiguous there too) are left out
    cell = "Class<?>[] resolvedByName = {" + ", ".join(f"{n}.class" for n in classes) + "};"
    with tempfile.TemporaryDirectory() as folder:  # a script file: jshell's line editor is slow on a long line
        script = Path(folder) / "resolve.jsh"
        script.write_text(cell + "\n/exit\n")
        plain = subprocess.run([str(Path(java_home) / "bin" / "jshell"), "-q", str(script)],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    left_out = unresolved_names(plain.stdout + plain.stderr)
    expected = {n: c for n, c in classes.items() if n not in left_out}
    assert len(expected) > 300, f"plain jshell resolved too few names:\n{plain.stdout[-3000:]}"
    cell = "Stream.of(" + ", ".join(f"{n}.class" for n in expected) + ").map(Class::getName).collect(Collectors.joining(\" \"))"
    execution = kernel.run(cell, timeout=180)
    assert execution.status == "ok", (
        f"names plain jshell resolves without an import do not resolve in a cell: "
        f"{sorted(unresolved_names(execution.error_text()))}\n{execution.error_text()[:3000]}"
    )
    resolved = dict(zip(expected, execution.result_text().strip('"').split()))
    # The library's own classes come first where a name is also a JDK class that only a module
    # import brings in (JDK 25: Parameter is org.paramlab.core.Parameter, as the lessons mean it).
    library = {n: resolved[n] for n in expected if resolved[n] != expected[n] and resolved[n].startswith("org.paramlab.")}
    other = {n: resolved[n] for n in expected if resolved[n] != expected[n] and n not in library}
    assert not other, f"in a cell these names mean other classes than in plain jshell: {other}"
    return (f"{len(expected)} classes of {', '.join(imports)} and java.lang ({len(left_out)} not resolved by plain "
            f"jshell either; the library's own: {sorted(library) or 'none'})")


def test_a_cell_resolves_every_class_plain_jshell_resolves(kernel: Kernel) -> None:
    assert_resolves_what_jshell_resolves(kernel)


def test_an_import_in_a_cell_adds_to_the_startup_imports(kernel: Kernel) -> None:
    """The start-up imports are one snippet; a cell's own import must not replace them."""
    kernel.ok("import java.util.*;")
    kernel.ok("import java.lang.Object;")
    assert kernel.value("new BigInteger(\"12\").add(BigInteger.ONE)") == "13"
    assert kernel.value("Table.create(\"t\").name()") == "t"


if __name__ == "__main__":
    unittest.main()
