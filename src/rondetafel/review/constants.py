REVIEW_KIND = "article_review"
CONSENT_KIND = "proposal_consent"
