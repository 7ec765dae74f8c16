from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review"

    def ready(self):
        from submissions import next_steps, panels

        from .events import register_labels
        from .next_steps import decisions_announced, questions_to_answer
        from .notices import register_notices
        from .queue_cache import connect as keep_queue_pages
        from .views.delegate import delegate_panel

        register_labels()
        keep_queue_pages()
        register_notices()
        next_steps.register(questions_to_answer)
        next_steps.register(decisions_announced)
        # The Chair's questions, the decision and the publication on the delegate's paper page.
        panels.register(panels.Panel("delegate_review", "review/_delegate_questions.html", delegate_panel))
