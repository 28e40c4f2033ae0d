from django.urls import path

from assessment.api import views

urlpatterns = [
    path("assessment/periods", views.PeriodListView.as_view(), name="assessment-periods"),
    path("assessment/periods/<int:pk>", views.PeriodDetailView.as_view(), name="assessment-period"),
    path("assessment/periods/<int:pk>/rules", views.RulesView.as_view(), name="assessment-rules"),
    path("assessment/periods/<int:pk>/compute", views.ComputeView.as_view(), name="assessment-compute"),
    path("assessment/periods/<int:pk>/close", views.CloseView.as_view(), name="assessment-close"),
    path("assessment/periods/<int:pk>/scores", views.ScoreListView.as_view(), name="assessment-scores"),
    path("assessment/periods/<int:pk>/scores.xlsx", views.ScoreExportView.as_view(), name="assessment-export"),
    path("assessment/periods/<int:pk>/spot-checks", views.SpotCheckView.as_view(), name="assessment-spot-checks"),
    path("assessment/scores/<int:pk>", views.ScoreDetailView.as_view(), name="assessment-score"),
    path("assessment/points/ranking", views.RankingView.as_view(), name="assessment-ranking"),
    path("assessment/points/ranking.xlsx", views.RankingExportView.as_view(), name="assessment-ranking-export"),
    path("assessment/points/ledger/<str:username>", views.LedgerView.as_view(), name="assessment-ledger"),
    path("assessment/points/redemptions", views.RedemptionView.as_view(), name="assessment-redemptions"),
]
