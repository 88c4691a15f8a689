"""No import cycle among the modules of meetings, imports inside functions counted."""

import grimp


def test_no_module_of_meetings_is_imported_back_by_what_it_imports():
    # grimp reads every import statement, those in function bodies too.
    graph = grimp.build_graph("meetings", include_external_packages=False, cache_dir=None)
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" -> ".join((importer, *back)))
    assert cycles == []
