// "Verificar archivo": hash the chosen file in the browser and send only its SHA-256.
// Without Web Crypto (old browser, or a page not served over HTTPS) the form uploads the file.
(function () {
  "use strict";
  var form = document.getElementById("verificar-archivo");
  if (!form || !window.crypto || !window.crypto.subtle || !window.Blob || !Blob.prototype.arrayBuffer) {
    return;
  }
  var estado = document.getElementById("verificar-estado");

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    event.preventDefault();
    estado.textContent = "Calculando la huella en su dispositivo…";
    file.arrayBuffer()
      .then(function (buffer) { return window.crypto.subtle.digest("SHA-256", buffer); })
      .then(function (digest) {
        window.location.assign(form.getAttribute("data-consulta") + "?sha256=" + hex(digest));
      })
      .catch(function () {
        estado.textContent = "No se pudo calcular aquí; enviando el archivo…";
        form.submit();
      });
  });
})();
