"""An import-linter contract of our own: each app shows the others only its public face.

`make lint` runs it (configured in `.importlinter`); `tests/layering/test_contracts.py` runs
the same configuration in `make test`. import-linter's own contracts say which app may stand on
which (layers) and that no app has circles inside (acyclic_siblings); this one says *what* of a
lower app a higher one may use.
"""

from importlinter import Contract, ContractCheck, fields, output


class PublicSurfaceContract(Contract):
    """Across apps, only the modules in `public` may be imported. The packages in `open` may be
    imported whole and are not checked as importers: core (the foundation) and the project
    package (settings and the URL map, which compose every app). Modules in `restricted`
    (demo data) may be imported across apps only by modules of the same name, or by the app
    of that name (the demo app composes every app's demo data).

    Configuration:
        apps:       the project's apps (top-level packages) the rule applies to
        open:       packages other apps may import whole (core)
        public:     the names of the modules that make an app's public face
        restricted: public modules that only modules of the same name may import
    """

    type_name = "public_surface"

    apps = fields.ListField(subfield=fields.StringField())
    open = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    restricted = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:
        apps, open_ = set(self.apps), set(self.open)
        public, restricted = set(self.public), set(self.restricted or [])
        broken = []
        for importer in sorted(graph.modules):
            source_app, *source_rest = importer.split(".")
            if source_app not in apps or ".migrations" in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target_app, *target_rest = imported.split(".")
                if target_app == source_app or target_app in open_ or target_app not in apps:
                    continue
                face = target_rest[0] if target_rest else ""
                allowed = face in public and (
                    face not in restricted
                    or source_app == face
                    or (source_rest and source_rest[0] == face)
                )
                if not allowed:
                    details = graph.get_import_details(importer=importer, imported=imported)
                    line = details[0]["line_number"] if details else "?"
                    broken.append(f"{importer} -> {imported} (l. {line})")
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            "Imports of another app's internals (allowed: "
            + ", ".join(sorted(self.public))
            + "; or core):",
            bold=True,
        )
        output.new_line()
        for line in check.metadata["broken"]:
            output.indent_cursor()
            output.print_error(line)
        output.new_line()
