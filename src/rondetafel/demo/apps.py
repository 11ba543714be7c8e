from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rondetafel.demo"
    label = "demo"
    verbose_name = "Demo"
