"""A device keeps what a ticked checkbox is drawn with (issue 23, point 15): DKFDS draws the
tick from an SVG its stylesheet names; without it offline the box is a black square."""

from django.conf import settings

from meetings.offline.selectors import SHELL_FILES


def test_the_checkbox_images_of_the_stylesheet_are_kept_offline():
    css = (settings.BASE_DIR / "static/vendor/dkfds/css/dkfds.min.css").read_text()
    images = set()
    for rule in css.split("}"):
        selector, _, body = rule.partition("{")
        if ".form-checkbox" in selector and "url(" in body:
            images.add(body.split("url(", 1)[1].split(")", 1)[0].strip("'\""))
    assert images  # the stylesheet draws its tick from an image
    for image in images:
        assert "vendor/dkfds/" + image.removeprefix("../") in SHELL_FILES
