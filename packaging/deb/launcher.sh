#!/bin/sh
# Installed by the pattern-editor package: the program itself lives in /opt/pattern-editor.
exec "@TARGET@" "$@"
