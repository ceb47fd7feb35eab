"""Save a document with a password through LibreOffice's UNO API (run by make_fixtures.py).

    /usr/bin/python3 encrypt.py SOURCE TARGET FILTER PASSWORD

Needs the system Python with LibreOffice's bridge (``apt-get install -y python3-uno``):
``soffice --convert-to`` cannot pass a password, so the document is opened and stored with
one, as a user's "Save as… with password" does.
"""

import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

PORT = 2202


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _desktop():
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(60):
        try:
            ctx = resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={PORT};urp;StarOffice.ComponentContext"
            )
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # noqa: BLE001 - soffice still starting
            time.sleep(1)
    raise SystemExit("soffice did not answer")


def main(source, target, filter_name, password):
    with tempfile.TemporaryDirectory() as tmp:
        office = subprocess.Popen(["soffice", "--headless", "--norestore",
                                   f"-env:UserInstallation=file://{tmp}/profile",
                                   f"--accept=socket,host=127.0.0.1,port={PORT};urp;"])  # fmt: skip
        try:
            desktop = _desktop()
            url = uno.systemPathToFileUrl(source)
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
            doc.storeToURL(uno.systemPathToFileUrl(target),
                           (_prop("FilterName", filter_name), _prop("Password", password)))  # fmt: skip
            doc.close(True)
            desktop.terminate()
        finally:
            office.wait(timeout=60)


if __name__ == "__main__":
    main(*sys.argv[1:5])
