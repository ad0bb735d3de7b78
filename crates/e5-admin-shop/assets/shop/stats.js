// Statistics charts (Chart.js, vendored). The same figures are in the tables below them.
(function () {
  var data = document.getElementById('donnees-stats');
  if (!data || !window.Chart) return;
  var d = JSON.parse(data.textContent);
  var labels = d.days.map(function (day) { return day.slice(8, 10) + '/' + day.slice(5, 7); });
  var days = document.getElementById('graphique-jours');
  if (days) {
    new Chart(days, {
      type: 'line',
      data: {
        labels: labels,
        datasets: [
          { label: 'Sessions', data: d.sessions, borderColor: '#1b8fb0', backgroundColor: 'rgba(27,143,176,.12)', fill: true, tension: .25, yAxisID: 'y', pointRadius: 1 },
          { label: 'Commandes', data: d.orders, borderColor: '#c8643b', backgroundColor: '#c8643b', tension: .25, yAxisID: 'y1', pointRadius: 2 }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: 'Sessions' } },
          y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'Commandes' }, ticks: { precision: 0 } }
        }
      }
    });
  }
  var sources = document.getElementById('graphique-sources');
  if (sources) {
    new Chart(sources, {
      type: 'doughnut',
      data: { labels: d.sources, datasets: [{ data: d.source_sessions, backgroundColor: ['#1f4e6b', '#1b8fb0', '#c8643b', '#dba617', '#7a9e7e', '#8c5e9e'] }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'right' } } }
    });
  }
})();
