"""Hand-written news-like articles for the entity and tag tests (no third-party text)."""

from __future__ import annotations

DRONES_TITLE = "Russian drones strike Kyiv and Sumy as Zelenskiy presses allies"
DRONES = """KYIV, Tuesday (Reuters) - Russian drones struck Kyiv and Sumy overnight, Ukrainian \
officials said on Tuesday, hours after President Volodymyr Zelenskyy asked the United States \
and Britain for more air defence systems.

Zelenskiy said the attack on Sumy damaged a hospital and two apartment blocks, and that air \
defence units shot down most of the drones aimed at Kyiv. "We need more air defence systems \
now, not next year," Zelensky told reporters in Kyiv.

The Kremlin said the strikes hit military targets. Kremlin spokesman Dmitry Peskov said \
Vladimir Putin's conditions for a ceasefire had not changed, and that Moscow was ready to \
talk to the U.S. administration.

In Washington, U.S. officials said air defence deliveries would resume next month. The US \
has paused some shipments while it reviews its own stockpiles, a decision criticised in Kyiv \
and in Sumy, where air defence units have few interceptors left. America remains Ukraine's \
largest supplier of air defence systems.

Putin spoke with Donald Trump by phone on Thursday. Trump said the call was long but that he \
made no progress on a ceasefire. Britain's prime minister said the UK would send more \
interceptors to Ukraine.

With assistance from Jane Holloway and Mark Fenwick.
"""

PORT_TITLE = "Harbour authority approves container terminal expansion"
PORT = """The Marlow Bay harbour authority approved a plan on Monday to expand the container \
terminal, a project that will double the port's capacity by 2030.

Harbour authority chair Elena Varga said the container terminal expansion would create 400 \
jobs. Varga told the board the terminal had turned ships away for two years because cranes \
were booked weeks ahead. "The container terminal is at the limit of what it can handle," \
Varga said.

Shipping companies welcomed the decision. Freight rates on the route have risen sharply, and \
the container terminal handled a record 1.2 million containers last year, according to the \
authority's annual report.

Environmental groups criticised the plan, saying dredging the channel would harm the bay's \
seagrass beds. The authority said it would replant seagrass beds elsewhere in the bay and \
monitor water quality during the dredging.

Construction of the new quay is due to start in the spring. The authority will pay for the \
expansion with a bond issue and port fees, and expects the new berths to open in 2028, when \
the first of six new cranes arrives.
"""
