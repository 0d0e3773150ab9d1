"""The access matrix the access tests assert (``test_access_matrix``), and
its parser; the bridges' matrices are this one with their rows replaced."""

# Who may do what on every hypercare model, and on the carrier's records
# outside hypercare. One row per model (the ticket has two: one the User
# reported, one another user reported), one column per actor; a cell lists the
# operations allowed: r(ead) c(reate) w(rite) u(nlink), "-" for none. Every
# operation of every cell is asserted, allowed and refused alike. Actors:
#   User      internal user, hypercare User only (reporter of the "own" ticket)
#   Champion  champion of the charter
#   Archived  hypercare Champion whose roster line on the charter is archived
#   Manager   hypercare Manager (not a Project manager)
#   Portal    portal user, an editing collaborator of the charter's project
#             (shared with invited users) and follower of every ticket:
#             still nothing
#   Public    the public (website visitor) user
#   OtherCo   internal user of another company, hypercare Manager there
#   Partner   the charter's partner contact, a plain internal user (as partner
#             consultants are in a customer's database): staff of the charter
#   Vendor    the charter's vendor liaison, a plain internal user: staff
#   ProjMgr   hypercare Manager who is also a Project user: gains nothing
#             outside hypercare beyond what Project gives a Project user
#   Follower  plain internal user following the charter: reads the charter
#             (as any User), no ticket, no analysis, no stand-up
# Targets are records of the charter, in its company, created for each cell
# by their natural owner; "create" creates one on the charter. Rows outside
# hypercare: the carrier of the charter (its project), a carrier that carries
# no charter (an employee-visible project) and a ticket of it, followed by
# every actor (project's and helpdesk's rules let followers in: the hypercare
# groups must add nothing there). "standup" is the charter's stand-up and its
# PDF: read = the stand-up shows, the report renders; for the staff, as the
# dashboard (SPEC: both read the staff definition). The pulse is answered by
# its audience only (the users going live, User among them, and the active
# roster): the Manager and the Archived champion are not asked it. Every
# internal user may open the escalate dialog (a partner contact is a plain
# user); escalating itself takes being on the charter's staff. The reopen
# dialog likewise: each user's own, reopening takes being the reporter. Every user
# reads the known issues of their company (the report dialog offers them:
# name, state, workaround; their tickets stay behind the tickets' rules); the
# charter's staff work them and its hotfix windows.
MATRIX = """
row                       |User|Champion|Archived|Manager|Portal|Public|OtherCo|Partner|Vendor|ProjMgr|Follower
hypercare.charter         |r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.severity        |r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.champion        |r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
ticket.own                |r   |rcw     |-       |rcwu   |-     |-     |-      |rcw    |rcw   |rcwu   |-
ticket.other              |-   |rcw     |-       |rcwu   |-     |-     |-      |rcw    |rcw   |rcwu   |-
carrier.hypercare         |-   |r       |-       |rw     |-     |-     |-      |r      |r     |rw     |-
carrier.outside           |r   |r       |r       |r      |-     |-     |-      |r      |r     |r      |r
ticket.outside            |r   |r       |r       |r      |-     |-     |-      |r      |r     |rcwu   |r
standup                   |-   |r       |-       |r      |-     |-     |-      |r      |r     |r      |-
hypercare.exit.criterion  |r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.first.close     |r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.first.close.item|r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.extension       |r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.function.mapping|r   |r       |r       |rcwu   |-     |-     |-      |r      |r     |rcwu   |r
hypercare.triage.session  |-   |rcw     |r       |rcwu   |-     |-     |-      |-      |-     |rcwu   |-
hypercare.report.issue    |rcw |c       |c       |c      |-     |-     |c      |c      |c     |c      |c
hypercare.charter.extend  |-   |-       |-       |rcwu   |-     |-     |c      |-      |-     |c      |-
hypercare.charter.close   |-   |-       |-       |rcwu   |-     |-     |c      |-      |-     |c      |-
hypercare.ticket.report   |-   |r       |-       |r      |-     |-     |-      |r      |r     |r      |-
hypercare.floor.log       |-   |rcwu    |-       |rcwu   |-     |-     |-      |-      |-     |rcwu   |-
hypercare.pulse           |c   |rc      |-       |rwu    |-     |-     |-      |-      |-     |rwu    |-
hypercare.user.activity   |-   |r       |-       |r      |-     |-     |-      |-      |-     |r      |-
hypercare.scope.fill      |-   |-       |-       |rcwu   |-     |-     |c      |-      |-     |c      |-
hypercare.watch.rule      |-   |r       |r       |rcwu   |-     |-     |-      |-      |-     |rcwu   |-
hypercare.first.run       |-   |r       |r       |rcwu   |-     |-     |-      |-      |-     |rcwu   |-
hypercare.ticket.layer    |-   |r       |-       |r      |-     |-     |-      |r      |r     |r      |-
hypercare.ticket.escalate |c   |c       |c       |rcwu   |-     |-     |c      |c      |c     |c      |c
hypercare.ticket.reopen   |c   |c       |c       |rcwu   |-     |-     |c      |c      |c     |c      |c
hypercare.known.issue     |r   |rcw     |r       |rcwu   |-     |-     |-      |rcw    |rcw   |rcwu   |r
hypercare.hotfix.window   |-   |rcw     |-       |rcwu   |-     |-     |-      |rcw    |rcw   |rcwu   |-
"""
OPERATIONS = {"r": "read", "c": "create", "w": "write", "u": "unlink"}


def parse_matrix(text):
    """``{(row, actor): set of operation letters}`` from the table."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    actors = [cell.strip() for cell in lines[0].split("|")[1:]]
    expected = {}
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.split("|")]
        for actor, cell in zip(actors, cells[1:], strict=True):
            expected[(cells[0], actor)] = set(cell) - {"-"}
    return actors, expected


ACTORS, EXPECTED = parse_matrix(MATRIX)
ROWS = list(dict.fromkeys(row for row, _actor in EXPECTED))
# rows that are no hypercare model of their own
PSEUDO_ROWS = ("ticket.", "carrier.", "standup")
