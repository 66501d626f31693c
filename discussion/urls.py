from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path(
        "recommandations/<str:reference>/commenter/",
        views.CommentCreateView.as_view(),
        name="comment",
    ),
    path("recommandations/<str:reference>/avis/", views.VerdictView.as_view(), name="verdict"),
    path("recommandations/<str:reference>/soutenir/", views.CoSignView.as_view(), name="cosign"),
    path(
        "recommandations/<str:reference>/retirer-le-soutien/",
        views.WithdrawView.as_view(),
        name="withdraw",
    ),
    path(
        "recommandations/<str:reference>/commentaires/",
        views.CommentPagesView.as_view(),
        name="comments",
    ),
    path("commentaires/<int:pk>/", views.LocateCommentView.as_view(), name="locate"),
    path("commentaires/<int:pk>/repondre/", views.ReplyView.as_view(), name="reply"),
    path("commentaires/<int:pk>/modifier/", views.CommentEditView.as_view(), name="edit"),
    path("commentaires/<int:pk>/signaler/", views.ReportView.as_view(), name="report"),
    path("commentaires/<int:pk>/masquer/", views.HideView.as_view(), name="hide"),
    path("commentaires/<int:pk>/retablir/", views.RestoreView.as_view(), name="restore"),
    path("commentaires/<int:pk>/classer/", views.DismissReportsView.as_view(), name="dismiss"),
    path("desinscription/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
