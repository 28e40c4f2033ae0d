// The person card on its own page (/registry/people/<id>/).
import { getJSON } from "../kit/dom.js";
import { renderCard } from "./card.js";
import { config, el } from "./common.js";

const container = document.getElementById("rg-card");
getJSON(`/api/v1/people/${config.person}/card`)
  .then((card) => renderCard(container, card))
  .catch((error) => container.replaceChildren(el("p", "rg-error", error.message)));
