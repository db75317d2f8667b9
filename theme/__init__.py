"""The council-ratings MkDocs theme: this folder, installed as `generator.theme`.

MkDocs finds it by the `mkdocs.themes` entry point (`theme: name: council-ratings`) and
reads its templates and static files from here; a site overrides any of them with its
own `custom_dir`.
"""
