#!/usr/bin/env python3
"""The project's own rules about its code, checked by the test command (ctest label `style`).

  check_code.py layout     folders by responsibility, dependencies one way, small files
  check_code.py format     clang-format --dry-run with the repository's .clang-format (OBS's settings)
  check_code.py functions  clang-tidy readability-function-size: no function over 60 lines
                           (needs the build folder's compile_commands.json: --build DIR)

Each prints one line per problem ("path:line: what is wrong") and exits 1 when there is any;
exit 77 means the check cannot run on this machine (ctest shows it as skipped).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP = 77
CODE_DIRS = ("plugin", "tests", "bench")
CODE_EXTENSIONS = (".cpp", ".hpp", ".h", ".c")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# The clang tools the repository is checked with (Debian 12's). Other majors break a few long expressions
# differently, so on them (the Debian 13 and unstable chroots, which build the same commit) the format and
# function-size checks are skipped rather than failed.
TOOLS_MAJOR = 14
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
# Headers of libobs and of its bundled util/graphics/callback folders: never in plugin/core.
LIBOBS_INCLUDE = re.compile(r"^(obs[-.a-z]*\.h(pp)?|util/|graphics/|callback/|media-io/)")
# A header that starts with this line is private to its folder: only that folder (and tests) include it.
# Qt headers (<QWidget>, <QtCore/...>) and the frontend API: only in plugin/frontend.
QT_INCLUDE = re.compile(r"^(Q[A-Z][A-Za-z]*|Qt[A-Za-z]*/.*|obs-frontend-api\.h)$")
PRIVATE_MARK = re.compile(r"Internal to (plugin/)?(core|obs)/([a-z_]+)")


def code_files(*dirs):
    for top in dirs:
        for folder, _, names in os.walk(os.path.join(ROOT, top)):
            if "/fuzz/crashes" in folder or "/seeds" in folder:
                continue
            for name in sorted(names):
                if name.endswith(CODE_EXTENSIONS):
                    yield os.path.relpath(os.path.join(folder, name), ROOT)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def plugin_folder(path):
    """'core/net' for plugin/core/net/http_client.cpp and for the include "core/net/http_client.hpp";
    'frontend' for the dock's one folder."""
    parts = path.split("/")
    if parts[0] == "plugin":
        parts = parts[1:]
    if len(parts) >= 2 and parts[0] == "frontend":
        return "frontend"
    return "/".join(parts[:2]) if len(parts) >= 3 and parts[0] in ("core", "obs") else None


def find_cycle(graph):
    """One cycle of a directed graph {node: set(nodes)} as a list, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check_layout():
    problems = []
    folder_graph, module_graph = {}, {}
    private = {}
    plugin_files = list(code_files("plugin"))
    for path in plugin_files:
        if os.path.dirname(path) in ("plugin/core", "plugin/obs"):
            problems.append(f"{path}:1: belongs in a folder of {os.path.dirname(path)}/ (by responsibility)")
        mark = PRIVATE_MARK.search("\n".join(read(path).splitlines()[:5]))
        if path.endswith(".hpp") and mark:
            private[os.path.relpath(path, "plugin")] = f"{mark.group(2)}/{mark.group(3)}"
    for path in list(code_files(*CODE_DIRS)):
        text = read(path)
        lines = text.count("\n")
        if lines > MAX_FILE_LINES:
            problems.append(f"{path}:1: {lines} lines (at most {MAX_FILE_LINES}: split it by job)")
        if not path.startswith("plugin/"):
            continue
        folder = plugin_folder(path)
        module = os.path.splitext(os.path.relpath(path, "plugin"))[0]
        for match in INCLUDE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            target = match.group(2)
            if path.startswith("plugin/core/"):
                if match.group(1) == "<" and LIBOBS_INCLUDE.match(target):
                    problems.append(f"{path}:{line}: plugin/core includes libobs <{target}>")
                if target.startswith("obs/"):
                    problems.append(f"{path}:{line}: plugin/core includes plugin/{target}")
            if path.startswith(("plugin/core/", "plugin/obs/")):
                # Data flows one way: frontend (Qt) sits above obs, obs above core.
                if match.group(1) == "<" and QT_INCLUDE.match(target):
                    problems.append(f"{path}:{line}: Qt / frontend header <{target}> outside plugin/frontend")
                if target.startswith("frontend/"):
                    problems.append(f"{path}:{line}: includes plugin/{target} (frontend is above obs and core)")
            if match.group(1) != '"':
                continue
            if not os.path.exists(os.path.join(ROOT, "plugin", target)):
                if not target.startswith("core/util/project_info"):  # generated by CMake
                    problems.append(f"{path}:{line}: \"{target}\" is not a path from plugin/")
                continue
            owner = private.get(target)
            if owner and owner != folder:
                problems.append(f"{path}:{line}: \"{target}\" is private to {owner}/")
            target_folder = plugin_folder(target)
            if folder and target_folder and target_folder != folder:
                folder_graph.setdefault(folder, set()).add(target_folder)
            target_module = os.path.splitext(target)[0]
            if target_module != module:
                module_graph.setdefault(module, set()).add(target_module)
    for name, graph in (("folders", folder_graph), ("modules", module_graph)):
        cycle = find_cycle(graph)
        if cycle:
            problems.append(f"plugin:1: include cycle between {name}: {' -> '.join(cycle)}")
    return problems


def clang_tool(name, major=None):
    candidates = [f"{name}-{major}", name] if major else [name]
    for candidate in candidates:
        if shutil.which(candidate):
            return candidate
    return None


def reference_tool(name):
    """The clang tool of the reference major version, or exit 77 (skipped)."""
    tool = clang_tool(name, TOOLS_MAJOR)
    if not tool:
        print(f"{name} not installed: check skipped")
        sys.exit(SKIP)
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    major = re.search(r"version (\d+)", version)
    if not major or int(major.group(1)) != TOOLS_MAJOR:
        print(f"{version.strip()}: the repository is checked with {name} {TOOLS_MAJOR}; skipped")
        sys.exit(SKIP)
    return tool


def check_format():
    tool = reference_tool("clang-format")
    problems = []
    files = [f for f in code_files(*CODE_DIRS)]
    for start in range(0, len(files), 40):
        run = subprocess.run([tool, "--dry-run", "--Werror", "--style=file", *files[start:start + 40]],
                             cwd=ROOT, capture_output=True, text=True)
        for line in run.stderr.splitlines():
            if ": error: code should be clang-formatted" in line:
                problems.append(line.split(" error:")[0] + " not clang-formatted (run clang-format -i)")
    return sorted(set(problems))


def check_functions(build):
    tool = reference_tool("clang-tidy")
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        print("no compile_commands.json in the build folder: function-size check skipped")
        sys.exit(SKIP)
    config = ("{CheckOptions: [{key: readability-function-size.LineThreshold, value: "
              f"{MAX_FUNCTION_LINES}" "}]}")
    sources = [f for f in code_files("plugin") if f.endswith(".cpp")]

    def tidy(path):
        run = subprocess.run([tool, "-p", build, "--quiet", "--checks=-*,readability-function-size",
                              f"--config={config}", path], cwd=ROOT, capture_output=True, text=True)
        found, last = [], None
        for line in run.stdout.splitlines():
            if "[readability-function-size]" in line:
                last = os.path.relpath(line.split(": warning:")[0], ROOT) + ": " + line.split("warning: ")[1].split(" exceeds")[0]
            elif last and "lines including" in line:
                found.append(last + " has " + line.split("note: ")[1].split(" (")[0])
                last = None
        if run.returncode != 0 and not found:
            found.append(f"{path}:1: clang-tidy failed: {run.stderr.strip()[:200]}")
        return found

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return sorted(p for found in pool.map(tidy, sources) for p in found)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("check", choices=["layout", "format", "functions"])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    if args.check == "layout":
        problems = check_layout()
    elif args.check == "format":
        problems = check_format()
    else:
        problems = check_functions(os.path.abspath(args.build))
    for problem in problems:
        print(problem)
    print(f"{args.check}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
