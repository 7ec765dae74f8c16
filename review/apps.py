from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review"

    def ready(self):
        from submissions import next_steps

        from .events import register_labels
        from .next_steps import decisions_announced, questions_to_answer

        register_labels()
        next_steps.register(questions_to_answer)
        next_steps.register(decisions_announced)
