from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path(
        "recommandations/<safe:reference>/commenter/",
        views.CommentCreateView.as_view(),
        name="comment",
    ),
    path("recommandations/<safe:reference>/avis/", views.VerdictView.as_view(), name="verdict"),
    path("recommandations/<safe:reference>/soutenir/", views.CoSignView.as_view(), name="cosign"),
    path(
        "recommandations/<safe:reference>/retirer-le-soutien/",
        views.WithdrawView.as_view(),
        name="withdraw",
    ),
    path(
        "recommandations/<safe:reference>/commentaires/",
        views.CommentPagesView.as_view(),
        name="comments",
    ),
    path("commentaires/<id:pk>/", views.LocateCommentView.as_view(), name="locate"),
    path("commentaires/<id:pk>/repondre/", views.ReplyView.as_view(), name="reply"),
    path("commentaires/<id:pk>/modifier/", views.CommentEditView.as_view(), name="edit"),
    path("commentaires/<id:pk>/signaler/", views.ReportView.as_view(), name="report"),
    path("commentaires/<id:pk>/masquer/", views.HideView.as_view(), name="hide"),
    path("commentaires/<id:pk>/retablir/", views.RestoreView.as_view(), name="restore"),
    path("commentaires/<id:pk>/classer/", views.DismissReportsView.as_view(), name="dismiss"),
    path("desinscription/<safe:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
